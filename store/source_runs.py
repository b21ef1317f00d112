"""The ``<prefix>-source-runs`` index: one report per source and run (``core.source_run``).

Created idempotently on first write with a mapping derived from the model (strict, so a drifting
document fails loudly); reports are indexed by id, so re-running an interval replaces its report.
"""
from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch

from core.errors import ConfigError
from core.settings import Settings
from core.source_run import SOURCE_RUN_VERSION, SourceRun
from store.client import check_available
from store.mappings import INDEX_SETTINGS, mapping_for


def source_runs_index(settings: Settings) -> str:
    return settings.index_alias("source-runs")


def source_runs_mapping() -> dict[str, Any]:
    return mapping_for(SourceRun) | {"_meta": {"version": SOURCE_RUN_VERSION, "derived_from": "core.source_run.SourceRun"}}


def ensure_source_runs_index(client: Elasticsearch, settings: Settings) -> str:
    check_available(client)
    index = source_runs_index(settings)
    mapping = source_runs_mapping()
    if not client.indices.exists(index=index):
        client.options(ignore_status=400).indices.create(index=index, settings=INDEX_SETTINGS, mappings=mapping)
        return index
    live = client.indices.get_mapping(index=index)[index]["mappings"]
    if set(live.get("properties", {})) != set(mapping["properties"]):
        raise ConfigError(f"The mapping of {index} differs from the one derived from core/source_run.py.",
                          f"Delete {index} (run reports only; the next runs recreate it) or bump SOURCE_RUN_VERSION.")
    return index


def write_runs(client: Elasticsearch, settings: Settings, runs: list[SourceRun]) -> list[str]:
    """Index the reports (by id: idempotent); returns their ids."""
    index = ensure_source_runs_index(client, settings)
    for run in runs:
        client.index(index=index, id=run.id, document=run.to_document())
    client.indices.refresh(index=index)
    return [run.id for run in runs]


def latest_runs(client: Elasticsearch, settings: Settings, profile: str | None = None) -> dict[str, SourceRun]:
    """The newest report of each source (by interval end): what a source-health view shows."""
    check_available(client)
    index = source_runs_index(settings)
    if not client.indices.exists(index=index):
        return {}
    query: dict[str, Any] = {"term": {"profile": profile}} if profile else {"match_all": {}}
    body = client.search(index=index, query=query, size=0, aggs={"by_source": {
        "terms": {"field": "source", "size": 500},
        "aggs": {"latest": {"top_hits": {"size": 1, "sort": [{"interval_end": "desc"}]}}}}})
    buckets = body["aggregations"]["by_source"]["buckets"]
    return {b["key"]: _run(b["latest"]["hits"]["hits"][0]["_source"]) for b in buckets}


def _run(doc: dict[str, Any]) -> SourceRun:
    return SourceRun.model_validate({k: v for k, v in doc.items() if k != "id"})
