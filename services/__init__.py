"""Local services the project provisions itself: the embedded Elasticsearch, Airflow, the dashboard."""
