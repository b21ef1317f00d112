"""The incidents index: setup, idempotent writes and reads.

Incidents are written with ``update`` + ``doc_as_upsert``: an unchanged incident is a ``noop``,
so re-clustering the same items leaves the index (versions included) identical.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError, helpers

from core.case_schema import Incident, IncidentStatus
from core.errors import LangNgheError
from core.settings import Settings
from store.cases import ensure_index


class IncidentNotFound(LangNgheError):
    hint = "Check the incident id; the Incidents page lists them."


def ensure_incidents_index(client: Elasticsearch, settings: Settings) -> str:
    return ensure_index(client, settings, "incidents", Incident)


def write_incidents(client: Elasticsearch, settings: Settings, incidents: Iterable[Incident]) -> dict[str, int]:
    """Upsert incidents by id; returns counts of created / updated / unchanged / failed."""
    alias = settings.index_alias("incidents")
    actions = ({"_op_type": "update", "_index": alias, "_id": i.id, "doc": i.to_document(), "doc_as_upsert": True}
               for i in incidents)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
    for ok, item in helpers.streaming_bulk(client, actions, chunk_size=1000, raise_on_error=False, max_retries=3):
        result = item["update"].get("result")
        key = "failed" if not ok else {"created": "created", "noop": "unchanged"}.get(result, "updated")
        counts[key] += 1
    client.indices.refresh(index=alias)
    return counts


def open_incidents(client: Elasticsearch, settings: Settings, *, since: datetime,
                   topics: Iterable[str] | None = None) -> list[Incident]:
    """Open incidents seen since ``since`` (the candidates new items may join)."""
    filters: list[dict[str, Any]] = [{"term": {"status": IncidentStatus.open.value}},
                                     {"range": {"last_seen": {"gte": since.isoformat()}}}]
    if topics is not None:
        filters.append({"terms": {"topic": sorted(set(topics))}})
    hits = helpers.scan(client, index=settings.index_alias("incidents"), query={"query": {"bool": {"filter": filters}}})
    return [Incident.model_validate(h["_source"]) for h in hits]


def get_incident(client: Elasticsearch, settings: Settings, incident_id: str) -> Incident:
    try:
        return Incident.model_validate(client.get(index=settings.index_alias("incidents"), id=incident_id)["_source"])
    except NotFoundError as exc:
        raise IncidentNotFound(f"No incident {incident_id}.") from exc


def set_incident_case(client: Elasticsearch, settings: Settings, incident_id: str, case_id: str) -> None:
    client.update(index=settings.index_alias("incidents"), id=incident_id, doc={"case_id": case_id},
                  refresh="wait_for", retry_on_conflict=3)


@dataclass(frozen=True)
class IncidentPage:
    total: int
    incidents: list[Incident]


def list_incidents(client: Elasticsearch, settings: Settings, *, topic: str | None = None, ward_code: str | None = None,
                   since: datetime | None = None, min_count: int = 2, status: str | None = None,
                   size: int = 50, offset: int = 0) -> IncidentPage:
    """Incidents with at least ``min_count`` items, largest and latest first (the Incidents page)."""
    filters: list[dict[str, Any]] = [{"range": {"count": {"gte": min_count}}}]
    for field, value in (("topic", topic), ("ward_code", ward_code), ("status", status)):
        if value:
            filters.append({"term": {field: value}})
    if since:
        filters.append({"range": {"last_seen": {"gte": since.isoformat()}}})
    response = client.search(index=settings.index_alias("incidents"), query={"bool": {"filter": filters}},
                             sort=[{"count": "desc"}, {"last_seen": "desc"}, {"id": "asc"}],
                             size=size, from_=offset, track_total_hits=True, source_excludes=["texts"])
    return IncidentPage(response["hits"]["total"]["value"],
                        [Incident.model_validate(h["_source"]) for h in response["hits"]["hits"]])
