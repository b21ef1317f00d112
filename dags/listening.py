"""The `listening` Airflow DAG: crawl → enrich → index → record for every source at once, every hour.

Wiring only (``pipeline.dag_support.collection_dag``): each task is one call into
``pipeline.listening``; files in the run's spool folder carry the documents between tasks.
Re-running an interval leaves the index as it was. Real hourly intervals [hh:00, hh+1:00); with
catchup off, unpausing runs the last one at once. Per-source schedules live in dags/collection.py.
"""
from __future__ import annotations

from notify.failures import task_failed
from pipeline.dag_support import collection_dag

listening_dag = collection_dag("listening", "0 * * * *", sources=None, doc=__doc__, tags=["langnghe", "collection"],
                               on_failure=task_failed)
