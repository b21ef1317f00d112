"""Collection: one Airflow DAG per source in config/sources.yaml, on the source's own cron schedule.

A loop over the config, not a file per source: adding a source to the config adds its DAG. Each
DAG is crawl → enrich → index → record over its data interval (``pipeline.dag_support.collection_dag``),
every task one call into ``pipeline.listening``; re-running an interval leaves the index as it was.
"""
from __future__ import annotations

from core.settings import get_settings
from crawlers.sources import load_sources
from notify.failures import task_failed
from pipeline.dag_support import collection_dag

for _name, _source in load_sources(get_settings().sources_file).items():
    globals()[f"collect_{_name}"] = collection_dag(
        f"collect_{_name}", _source.schedule, sources=[_name], tags=["langnghe", "collection", _source.spider],
        doc=f"Collects source `{_name}` (spider `{_source.spider}`, schedule `{_source.schedule}`).\n\n{__doc__}",
        on_failure=task_failed)
