"""Retention, written with what every cluster has (scroll + bulk; ``_delete_by_query`` needs the
reindex module, which some distributions lack): delete documents older than a cut-off, or erase
some of their fields."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from elasticsearch import Elasticsearch, helpers


def _older(field: str, cutoff: datetime, extra: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Documents older than ``cutoff``; demo data (recordings replayed by the demo profile, whose
    dates are the recordings' own) is never aged out."""
    return {"bool": {"filter": [{"range": {field: {"lt": cutoff.isoformat()}}}, *(extra or [])],
                     "must_not": [{"term": {"demo": True}}]}}


def delete_older_than(client: Elasticsearch, alias: str, field: str, cutoff: datetime) -> int:
    """Delete every document of ``alias`` whose ``field`` is before ``cutoff``; returns how many."""
    if not client.indices.exists(index=alias):
        return 0
    actions = ({"_op_type": "delete", "_index": hit["_index"], "_id": hit["_id"]}
               for hit in helpers.scan(client, index=alias, query={"query": _older(field, cutoff)}, _source=False))
    deleted, _ = helpers.bulk(client, actions, raise_on_error=True, refresh="wait_for")
    return deleted


def rewrite_older_than(client: Elasticsearch, alias: str, field: str, cutoff: datetime,
                       change: Callable[[dict[str, Any]], dict[str, Any] | None],
                       extra: list[dict[str, Any]] | None = None) -> int:
    """Apply ``change`` (source → partial document, or None to leave it) to every old document.
    Updates are conditional on the version read, so an edit made meanwhile is never overwritten:
    that document is left for the next run."""
    if not client.indices.exists(index=alias):
        return 0
    actions = []
    for hit in helpers.scan(client, index=alias, query={"query": _older(field, cutoff, extra)}, seq_no_primary_term=True):
        doc = change(hit["_source"])
        if doc:
            actions.append({"_op_type": "update", "_index": hit["_index"], "_id": hit["_id"], "doc": doc,
                            "if_seq_no": hit["_seq_no"], "if_primary_term": hit["_primary_term"]})
    if not actions:
        return 0
    changed, errors = helpers.bulk(client, actions, raise_on_error=False, refresh="wait_for")
    return changed
