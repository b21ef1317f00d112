"""Listening: crawl → enrich → index every hour over the run's data interval.

Wiring only: each task is one call into ``pipeline.listening``; files in the run's spool
folder carry the documents between tasks. Re-running an interval leaves the index as it was.
"""
from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import dag, get_current_context, task
from airflow.timetables.interval import CronDataIntervalTimetable

RETRIES = {"retries": 3, "retry_delay": timedelta(seconds=30), "retry_exponential_backoff": True,
           "max_retry_delay": timedelta(minutes=10)}


def _interval():
    from pipeline.listening import Interval

    context = get_current_context()
    start, end = context["data_interval_start"], context["data_interval_end"]
    if start is None or end is None:  # a manual run without an interval: use its logical date
        start = end = context["logical_date"] or context["dag_run"].run_after
    return Interval(start=start, end=end)


@dag(
    dag_id="listening",
    # real hourly intervals [hh:00, hh+1:00); with catchup off, unpausing runs the last one at once
    schedule=CronDataIntervalTimetable("0 * * * *", timezone="Asia/Ho_Chi_Minh"),
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Ho_Chi_Minh"),
    catchup=False,
    max_active_runs=1,
    default_args=RETRIES,
    tags=["langnghe", "collection"],
    doc_md=__doc__,
)
def listening():
    @task
    def crawl() -> str:
        from pipeline.listening import crawl as crawl_step

        return str(crawl_step(_interval()))

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

    index(enrich(crawl()))


listening_dag = listening()
