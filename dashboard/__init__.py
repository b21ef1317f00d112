"""The Streamlit dashboard: ``streamlit run dashboard/app.py`` (pages render, reads live in store.queries)."""
