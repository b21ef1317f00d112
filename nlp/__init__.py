"""Vietnamese NLP: normalise → segment → classify, and the enrichment step that runs them on posts.

Importing this package (or any module but the backends) is cheap: pyvi, scikit-learn and the
model artifacts load on first use.
"""
