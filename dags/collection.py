"""Collection: one DAG per source in config/sources.yaml, on the source's own cron schedule.

A loop over the config, not a file per source: adding a source to the config adds its DAG. Each
DAG is crawl → enrich → index → record over its data interval, every task one call into
``pipeline.listening``; re-running an interval leaves the index as it was.
"""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.timetables.interval import CronDataIntervalTimetable

from core.settings import get_settings
from crawlers.sources import SourceConfig, load_sources
from notify.failures import task_failed
from pipeline.dag_support import RETRIES, TIMEZONE


def source_dag(name: str, source: SourceConfig):
    @dag(
        dag_id=f"collect_{name}",
        schedule=CronDataIntervalTimetable(source.schedule, timezone=TIMEZONE),
        start_date=pendulum.datetime(2026, 1, 1, tz=TIMEZONE),
        catchup=False,
        max_active_runs=1,
        default_args=RETRIES | {"on_failure_callback": task_failed},
        tags=["langnghe", "collection", source.spider],
        doc_md=f"Collects source `{name}` (spider `{source.spider}`, schedule `{source.schedule}`).\n\n{__doc__}",
    )
    def collect():
        @task
        def crawl() -> str:
            from pipeline.dag_support import interval_from_context
            from pipeline.listening import crawl as crawl_step

            return str(crawl_step(interval_from_context(), sources=[name]))

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

    return collect()


for _name, _source in load_sources(get_settings().sources_file).items():
    globals()[f"collect_{_name}"] = source_dag(_name, _source)
