"""The audit index: append-only. This module writes new events and searches them; it offers no
update and no delete (there is deliberately no function for either)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from elasticsearch import ConflictError, Elasticsearch

from core.case_schema import AuditEvent
from core.settings import Settings
from store.cases import ensure_index


def ensure_audit_index(client: Elasticsearch, settings: Settings) -> str:
    return ensure_index(client, settings, "audit", AuditEvent)


def record(client: Elasticsearch, settings: Settings, event: AuditEvent) -> str:
    """Append one event (create-only: an id is never written twice); returns its id."""
    doc = event.to_document()
    event_id = hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]
    try:
        client.create(index=settings.index_alias("audit"), id=event_id, document=doc)
    except ConflictError:
        pass  # the very same event (same time, actor, action, content) is already recorded
    return event_id


@dataclass(frozen=True)
class AuditPage:
    total: int
    events: list[AuditEvent]


def search_audit(client: Elasticsearch, settings: Settings, *, actor: str | None = None, action: str | None = None,
                 target_id: str | None = None, personal_data: bool | None = None, since: datetime | None = None,
                 until: datetime | None = None, size: int = 100, offset: int = 0) -> AuditPage:
    """Audit events, newest first (admins only: the caller checks ``triage.policy.can_read_audit``)."""
    filters: list[dict[str, Any]] = []
    for field, value in (("actor", actor), ("action", action), ("target_id", target_id),
                         ("personal_data", personal_data)):
        if value is not None:
            filters.append({"term": {field: value}})
    if since or until:
        filters.append({"range": {"at": {k: v.isoformat() for k, v in (("gte", since), ("lt", until)) if v}}})
    client.indices.refresh(index=settings.index_alias("audit"))
    response = client.search(index=settings.index_alias("audit"), query={"bool": {"filter": filters}},
                             sort=[{"at": "desc"}], size=size, from_=offset, track_total_hits=True)
    return AuditPage(response["hits"]["total"]["value"],
                     [AuditEvent.model_validate(h["_source"]) for h in response["hits"]["hits"]])
