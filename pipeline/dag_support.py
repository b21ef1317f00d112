"""What the DAG files share: retry policy and the run's data interval from the Airflow context.
Airflow is imported inside the function (nothing heavy at import time)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from pipeline.listening import Interval

TIMEZONE = "Asia/Ho_Chi_Minh"
RETRIES = {"retries": 3, "retry_delay": timedelta(seconds=30), "retry_exponential_backoff": True,
           "max_retry_delay": timedelta(minutes=10)}


def interval_from_context() -> Interval:
    """The running task's data interval; a manual run without one uses its logical date."""
    from airflow.sdk import get_current_context

    context = get_current_context()
    start, end = context["data_interval_start"], context["data_interval_end"]
    if start is None or end is None:
        start = end = context["logical_date"] or context["dag_run"].run_after
    return Interval(start=start, end=end)


def collection_dag(dag_id: str, schedule: str, sources: list[str] | None, doc: str, tags: list[str],
                   on_failure: Callable[[dict[str, Any]], None] | None = None):
    """crawl → enrich → index → record over the data interval, each task one call into
    ``pipeline.listening``: the `listening` DAG (every source) and each `collect_<source>` DAG.
    Spool files carry the documents between tasks; re-running an interval changes nothing."""
    import pendulum
    from airflow.sdk import dag, task
    from airflow.timetables.interval import CronDataIntervalTimetable

    @dag(dag_id=dag_id, schedule=CronDataIntervalTimetable(schedule, timezone=TIMEZONE),
         start_date=pendulum.datetime(2026, 1, 1, tz=TIMEZONE), catchup=False, max_active_runs=1,
         default_args=RETRIES | ({"on_failure_callback": on_failure} if on_failure else {}), tags=tags, doc_md=doc)
    def collect():
        @task
        def crawl() -> str:
            from pipeline.listening import crawl as crawl_step

            return str(crawl_step(interval_from_context(), sources=sources))

        @task
        def enrich(crawled: str) -> str:
            from pipeline.listening import enrich as enrich_step

            return str(enrich_step(Path(crawled)))

        @task
        def index(enriched: str) -> dict:
            from pipeline.listening import index as index_step

            report = index_step(Path(enriched))
            if report["failed"]:
                raise RuntimeError(f"{len(report['failed'])} documents were not indexed: {report['failed'][:3]}")
            return report

        @task
        def record(crawled: str, indexed: dict) -> list:
            from pipeline.listening import record as record_step

            return record_step(Path(crawled), indexed, interval_from_context())

        crawled = crawl()
        record(crawled, index(enrich(crawled)))

    return collect()
