"""Retention, daily at 03:00: old posts deleted, personal data of old requests and closed cases
erased, old alerts, notices and crawl reports deleted (see pipeline/retention.py)."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.timetables.interval import CronDataIntervalTimetable

from notify.failures import task_failed
from pipeline.dag_support import RETRIES, TIMEZONE


@dag(dag_id="retention", schedule=CronDataIntervalTimetable("0 3 * * *", timezone=TIMEZONE),
     start_date=pendulum.datetime(2026, 1, 1, tz=TIMEZONE), catchup=False, max_active_runs=1,
     default_args=RETRIES | {"on_failure_callback": task_failed}, tags=["langnghe", "retention"], doc_md=__doc__)
def retention():
    @task
    def apply() -> dict:
        from core.settings import get_settings
        from pipeline.dag_support import interval_from_context
        from pipeline.retention import apply_retention
        from store.client import make_client

        settings = get_settings()
        return apply_retention(make_client(settings), settings, interval_from_context().end)

    apply()


retention_dag = retention()
