"""Lắng Nghe — social listening and citizen-complaint triage for Ho Chi Minh City.

Exact versions live in constraints.txt (install with `make install`, which passes it)."""
from setuptools import find_packages, setup

setup(
    name="langnghe",
    version="0.1.0",
    description="Social listening and citizen-complaint triage for Ho Chi Minh City",
    python_requires=">=3.11,<3.12",
    packages=find_packages(include=["core*", "store*", "crawlers*", "nlp*", "pipeline*",
                                    "services*", "cli*", "dashboard*", "intake*", "triage*", "notify*", "benchmarks*"]),
    package_data={"": ["*.json", "*.yaml", "*.txt", "*.tsv", "*.md", "*.html", "*.xml", "*.toml", "*.j2", "*.ttf"]},
    install_requires=[
        "apache-airflow==3.3.2",
        "scrapy==2.19.0",
        "streamlit==1.67.0",
        "altair>=6,<7",
        "pandas>=3,<4",
        "pyvi==0.1.1",
        "scikit-learn>=1.9,<1.10",
        "elasticsearch>=8.19,<8.20",
        "pydantic>=2.14,<3",
        "pydantic-settings>=2.16,<3",
        "pyyaml>=6",
        "rich>=15",
        "psutil>=7,<8",
        # collection
        "feedparser==6.0.12",
        # NLP
        "py3langid==0.3.0",
        "pyahocorasick==2.3.1",
        # intake API
        "fastapi==0.136.3",
        "uvicorn[standard]==0.54.0",
        "python-multipart==0.0.34",
        "orjson==3.13.0",
        "aiohttp==3.14.5",
        "httpx==0.28.1",
        "openpyxl==3.1.5",
        # triage
        "holidays==0.109",
        "argon2-cffi==25.1.0",
        # dashboard login (OIDC through st.login)
        "Authlib==1.9.10",
        # notifications
        "jinja2>=3.1,<4",
        "aiosmtpd==1.4.6",
        "vl-convert-python==1.9.0.post1",
        "fpdf2==2.8.9",
    ],
    extras_require={
        "dev": ["pytest>=9", "pytest-timeout>=2.4", "ruff>=0.17", "playwright>=1.65",
                "schemathesis==4.32.5", "hypothesis==6.170.17", "pypdf==7.1.1"],
        # PyPI's torch is the CUDA build (~5 GB; runs on CPU): only for the transformers backend
        "transformers": ["torch==2.15.0", "transformers==5.24.0", "tokenizers==0.23.3", "safetensors==0.8.0",
                         "onnxruntime==1.32.0", "onnx==1.23.2", "onnxscript==0.7.2"],
        # only to rebuild the places gazetteer (python -m nlp.gazetteer.build)
        "gazetteer": ["vietnamadminunits==1.0.4"],
    },
    entry_points={"console_scripts": ["langnghe=cli.main:main"]},
)
