"""Idempotent bulk indexing by document id.

Each post is an ``update`` with ``upsert``: a new id is created whole; a known id gets
its fields merged, and Elasticsearch answers ``noop`` when nothing changed (so re-running
the same input leaves the index, versions included, untouched). ``collected_at`` is only
in the upsert: it records when a document was first collected.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from elasticsearch import Elasticsearch, helpers

from core.schema import Post

FIRST_SEEN_ONLY = ("collected_at",)


@dataclass
class IndexReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.failed)

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "failed": self.failed, "total": self.total}


def index_posts(client: Elasticsearch, alias: str, posts: Iterable[Post], *,
                chunk_size: int = 500, refresh: bool = True) -> IndexReport:
    """Write posts; return counts and per-document failures rather than raising on the first."""
    report = IndexReport()
    results = helpers.streaming_bulk(
        client, _actions(alias, posts), chunk_size=chunk_size, max_retries=5,
        initial_backoff=1, max_backoff=30, raise_on_error=False, raise_on_exception=False)
    for ok, item in results:
        outcome = item.get("update", item)
        if not ok:
            report.failed.append({"id": outcome.get("_id"), "status": outcome.get("status"),
                                  "error": outcome.get("error")})
            continue
        result = outcome.get("result")
        if result == "created":
            report.created += 1
        elif result == "noop":
            report.unchanged += 1
        else:
            report.updated += 1
    if refresh:
        client.indices.refresh(index=alias)
    return report


def _actions(alias: str, posts: Iterable[Post]) -> Iterator[dict[str, Any]]:
    for post in posts:
        doc = post.to_document()
        yield {"_op_type": "update", "_index": alias, "_id": doc["id"],
               "doc": {k: v for k, v in doc.items() if k not in FIRST_SEEN_ONLY},
               "upsert": doc, "retry_on_conflict": 3}
