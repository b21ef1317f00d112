"""Listening: crawl → enrich → index → record for every source at once, every hour.

Wiring only: each task is one call into ``pipeline.listening``; files in the run's spool
folder carry the documents between tasks. Re-running an interval leaves the index as it was.
Per-source schedules live in dags/collection.py; this DAG is the one `make run` unpauses.
"""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.timetables.interval import CronDataIntervalTimetable

from notify.failures import task_failed
from pipeline.dag_support import RETRIES, TIMEZONE


@dag(
    dag_id="listening",
    # real hourly intervals [hh:00, hh+1:00); with catchup off, unpausing runs the last one at once
    schedule=CronDataIntervalTimetable("0 * * * *", timezone=TIMEZONE),
    start_date=pendulum.datetime(2026, 1, 1, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    default_args=RETRIES | {"on_failure_callback": task_failed},
    tags=["langnghe", "collection"],
    doc_md=__doc__,
)
def listening():
    @task
    def crawl() -> str:
        from pipeline.dag_support import interval_from_context
        from pipeline.listening import crawl as crawl_step

        return str(crawl_step(interval_from_context()))

    @task
    def enrich(crawled: str) -> str:
        from pathlib import Path

        from pipeline.listening import enrich as enrich_step

        return str(enrich_step(Path(crawled)))

    @task
    def index(enriched: str) -> dict:
        from pathlib import Path

        from pipeline.listening import index as index_step

        report = index_step(Path(enriched))
        if report["failed"]:
            raise RuntimeError(f"{len(report['failed'])} documents were not indexed: {report['failed'][:3]}")
        return report

    @task
    def record(crawled: str, indexed: dict) -> list:
        from pathlib import Path

        from pipeline.dag_support import interval_from_context
        from pipeline.listening import record as record_step

        return record_step(Path(crawled), indexed, interval_from_context())

    crawled = crawl()
    record(crawled, index(enrich(crawled)))


listening_dag = listening()
