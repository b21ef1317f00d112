"""The cases index: setup, safe writes and every read of cases.

Cases live in ``<prefix>-cases`` (alias) → ``<prefix>-cases-v<N>``. Every change is written with
``if_seq_no``/``if_primary_term`` of the version the officer opened: a concurrent edit raises
``CaseConflict`` carrying the newer case, never a silent overwrite. Readable ids
(``HCM-2026-000123``) come from one counter document per year in ``<prefix>-case-keys``, bumped
with the same optimistic concurrency; that index also holds create-only "link claims" (one per
request, post or incident), so the same item never opens two cases, even from two processes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from elasticsearch import ConflictError, Elasticsearch, NotFoundError

from core.case_schema import CASES_SCHEMA_VERSION, OPEN_STATUSES, Case, CaseStatus
from core.errors import ConfigError, LangNgheError
from core.settings import Settings
from store.mappings import INDEX_SETTINGS, mapping_for
from store.setup import _normalise

_COUNTER_RETRIES = 50


class CaseNotFound(LangNgheError):
    hint = "Check the case id (e.g. HCM-2026-000123); the triage queue lists open cases."


class CaseConflict(LangNgheError):
    """Someone else changed the case since it was opened; ``current`` is the newer version."""

    hint = "Reload the case, check what changed, and apply your change again."

    def __init__(self, current: CaseVersion) -> None:
        super().__init__(f"Hồ sơ {current.case.id} đã bị thay đổi từ khi bạn mở / "
                         f"this case changed since you opened it (now: {current.case.status}, "
                         f"updated {current.case.updated_at.isoformat()}).")
        self.current = current


@dataclass(frozen=True)
class CaseVersion:
    """A case as read, with the version an edit must be based on."""

    case: Case
    seq_no: int
    primary_term: int
    redacted: bool = False  # personal data removed for a viewer: never written back


# --- setup ---------------------------------------------------------------------------------

def ensure_index(client: Elasticsearch, settings: Settings, name: str, model: type | None) -> str:
    """Template-free versioned index behind an alias, created idempotently; returns the alias."""
    alias = settings.index_alias(name)
    index = f"{alias}-v{CASES_SCHEMA_VERSION}"
    mappings = mapping_for(model) if model else {"dynamic": "strict", "properties": {
        "kind": {"type": "keyword"}, "value": {"type": "long"}, "case_id": {"type": "keyword"}}}
    if not client.indices.exists(index=index):
        client.options(ignore_status=400).indices.create(
            index=index, settings=INDEX_SETTINGS, mappings=mappings,
            aliases={alias: {"is_write_index": True}})
    live = client.indices.get_mapping(index=index)[index]["mappings"]
    if _normalise(live) != _normalise(mappings):
        raise ConfigError(f"The mapping of {index} differs from the one derived from core/case_schema.py.",
                          "Bump CASES_SCHEMA_VERSION in core/case_schema.py; a new index is then created.")
    return alias


def ensure_cases_index(client: Elasticsearch, settings: Settings) -> str:
    ensure_index(client, settings, "case-keys", None)
    return ensure_index(client, settings, "cases", Case)


# --- ids and link claims ----------------------------------------------------------------------

def next_case_id(client: Elasticsearch, settings: Settings, year: int) -> str:
    """``HCM-<year>-<seq>``: the year's counter bumped with if_seq_no; retried on a race."""
    keys = settings.index_alias("case-keys")
    doc_id = f"seq-{year}"
    for _ in range(_COUNTER_RETRIES):
        try:
            current = client.get(index=keys, id=doc_id)
        except NotFoundError:
            try:
                client.create(index=keys, id=doc_id, document={"kind": "counter", "value": 1})
                return _format_id(year, 1)
            except ConflictError:
                continue
        value = current["_source"]["value"] + 1
        try:
            client.index(index=keys, id=doc_id, document={"kind": "counter", "value": value},
                         if_seq_no=current["_seq_no"], if_primary_term=current["_primary_term"])
            return _format_id(year, value)
        except ConflictError:
            continue
    raise LangNgheError(f"Could not allocate a case id for {year} after {_COUNTER_RETRIES} tries.",
                        "Too many concurrent writers; try again.")


def _format_id(year: int, seq: int) -> str:
    return f"HCM-{year}-{seq:06d}"


def claim_link(client: Elasticsearch, settings: Settings, key: str, case_id: str) -> str:
    """Claim ``key`` (e.g. ``request:42``) for ``case_id``; returns the case that holds it."""
    keys = settings.index_alias("case-keys")
    try:
        client.create(index=keys, id=f"link-{key}", document={"kind": "link", "case_id": case_id})
        return case_id
    except ConflictError:
        return client.get(index=keys, id=f"link-{key}")["_source"]["case_id"]


def linked_case_ids(client: Elasticsearch, settings: Settings, keys: list[str]) -> dict[str, str]:
    """``{key: case id}`` for the keys that have a case, followed to the master of a merged duplicate."""
    if not keys:
        return {}
    docs = client.mget(index=settings.index_alias("case-keys"), ids=[f"link-{k}" for k in keys])["docs"]
    found = {k: d["_source"]["case_id"] for k, d in zip(keys, docs, strict=True) if d.get("found")}
    if not found:
        return {}
    cases = client.mget(index=settings.index_alias("cases"), ids=sorted(set(found.values())),
                        source_includes=["master_id"])["docs"]
    master = {d["_id"]: d["_source"].get("master_id") for d in cases if d.get("found")}
    return {k: master.get(c) or c for k, c in found.items()}


def linked_case_id(client: Elasticsearch, settings: Settings, key: str) -> str | None:
    try:
        return client.get(index=settings.index_alias("case-keys"), id=f"link-{key}")["_source"]["case_id"]
    except NotFoundError:
        return None


# --- reads and writes of one case -------------------------------------------------------------

def create_case(client: Elasticsearch, settings: Settings, case: Case) -> CaseVersion:
    """Create-only: an existing case with this id is returned unchanged (idempotent)."""
    alias = settings.index_alias("cases")
    try:
        result = client.create(index=alias, id=case.id, document=case.to_document(), refresh=True)
    except ConflictError:
        return get_case(client, settings, case.id)
    return CaseVersion(case, result["_seq_no"], result["_primary_term"])


def get_case(client: Elasticsearch, settings: Settings, case_id: str) -> CaseVersion:
    try:
        doc = client.get(index=settings.index_alias("cases"), id=case_id)
    except NotFoundError as exc:
        raise CaseNotFound(f"No case {case_id}.") from exc
    return CaseVersion(Case.model_validate(doc["_source"]), doc["_seq_no"], doc["_primary_term"])


def save_case(client: Elasticsearch, settings: Settings, opened: CaseVersion, changed: Case) -> CaseVersion:
    """Write ``changed`` only if the case is still at the version ``opened``; else CaseConflict."""
    try:
        result = client.index(index=settings.index_alias("cases"), id=changed.id, document=changed.to_document(),
                              if_seq_no=opened.seq_no, if_primary_term=opened.primary_term, refresh=True)
    except ConflictError as exc:
        raise CaseConflict(get_case(client, settings, changed.id)) from exc
    return CaseVersion(changed, result["_seq_no"], result["_primary_term"])


# --- queries for the pages and the digests ----------------------------------------------------

@dataclass(frozen=True)
class QueueFilter:
    """Filters of the triage queue; every field optional."""

    statuses: tuple[CaseStatus, ...] = OPEN_STATUSES
    topic: str | None = None
    unit: str | None = None
    ward_code: str | None = None
    assignee: str | None = None
    legal_type: str | None = None
    due_before: datetime | None = None
    min_priority: int | None = None
    text: str | None = None
    demo: bool | None = None


@dataclass(frozen=True)
class CasePage:
    total: int
    cases: list[Case]


def _queue_query(f: QueueFilter, policy_filters: list[dict[str, Any]]) -> dict[str, Any]:
    filters: list[dict[str, Any]] = list(policy_filters)
    if f.statuses:
        filters.append({"terms": {"status": [str(s) for s in f.statuses]}})
    for field, value in (("topic", f.topic), ("unit", f.unit), ("ward_code", f.ward_code),
                         ("assignee", f.assignee), ("legal_type", f.legal_type), ("demo", f.demo)):
        if value is not None:
            filters.append({"term": {field: value}})
    if f.due_before:
        filters.append({"range": {"due_at": {"lt": f.due_before.isoformat()}}})
    if f.min_priority is not None:
        filters.append({"range": {"priority": {"gte": f.min_priority}}})
    must = [{"simple_query_string": {"query": f.text, "fields": ["title^2", "description", "id"],
                                     "default_operator": "and"}}] if f.text else []
    return {"bool": {"filter": filters, "must": must}}


def triage_queue(client: Elasticsearch, settings: Settings, f: QueueFilter = QueueFilter(), *,
                 policy_filters: list[dict[str, Any]] | None = None, size: int = 50, offset: int = 0) -> CasePage:
    """Cases by priority (highest first), then due date (soonest first). ``policy_filters`` come
    from ``triage.policy.case_filters(user)`` and must always be passed for a user's read."""
    response = client.search(index=settings.index_alias("cases"), query=_queue_query(f, policy_filters or []),
                             sort=[{"priority": "desc"}, {"due_at": {"order": "asc", "missing": "_last"}}, {"id": "asc"}],
                             size=size, from_=offset, track_total_hits=True)
    return CasePage(response["hits"]["total"]["value"],
                    [Case.model_validate(h["_source"]) for h in response["hits"]["hits"]])


def cases_linked_to(client: Elasticsearch, settings: Settings, item_id: str) -> list[Case]:
    """Cases that link a post, request or incident id."""
    response = client.search(index=settings.index_alias("cases"), size=20, query={"bool": {"should": [
        {"term": {"linked_posts": item_id}}, {"term": {"linked_requests": item_id}},
        {"term": {"linked_incidents": item_id}}], "minimum_should_match": 1}})
    return [Case.model_validate(h["_source"]) for h in response["hits"]["hits"]]


def recently_closed(client: Elasticsearch, settings: Settings, *, topic: str, ward_code: str,
                    since: datetime) -> Case | None:
    """The latest case on this topic and ward closed or resolved since ``since`` (recurrence)."""
    response = client.search(index=settings.index_alias("cases"), size=1, query={"bool": {"filter": [
        {"term": {"topic": topic}}, {"term": {"ward_code": ward_code}},
        {"terms": {"status": [CaseStatus.closed.value, CaseStatus.resolved.value]}},
        {"range": {"resolved_at": {"gte": since.isoformat()}}}]}}, sort=[{"resolved_at": "desc"}])
    hits = response["hits"]["hits"]
    return Case.model_validate(hits[0]["_source"]) if hits else None


@dataclass(frozen=True)
class UnitRow:
    """One row of the monthly 1022-style report."""

    unit: str
    received: int
    resolved: int
    resolved_on_time: int
    on_time_pct: float | None
    overdue: int
    in_progress: int

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def units_report(client: Elasticsearch, settings: Settings, *, start: datetime, end: datetime, now: datetime,
                 policy_filters: list[dict[str, Any]] | None = None) -> list[UnitRow]:
    """Per unit: received in [start, end), resolved in it (and how many on time), and at ``now``
    the open cases (in progress) and those past their due date (overdue)."""
    window = {"gte": start.isoformat(), "lt": end.isoformat()}
    open_ = {"terms": {"status": [s.value for s in OPEN_STATUSES]}}
    aggs = {"units": {"terms": {"field": "unit", "size": 1000}, "aggs": {
        "received": {"filter": {"range": {"received_at": window}}},
        "resolved": {"filter": {"range": {"resolved_at": window}},
                     "aggs": {"on_time": {"filter": {"term": {"resolved_on_time": True}}}}},
        "in_progress": {"filter": open_},
        "overdue": {"filter": {"bool": {"filter": [open_, {"range": {"due_at": {"lt": now.isoformat()}}}]}}},
    }}}
    response = client.search(index=settings.index_alias("cases"), size=0, aggs=aggs,
                             query={"bool": {"filter": list(policy_filters or [])}})
    rows = []
    for b in response["aggregations"]["units"]["buckets"]:
        resolved, on_time = b["resolved"]["doc_count"], b["resolved"]["on_time"]["doc_count"]
        rows.append(UnitRow(b["key"], b["received"]["doc_count"], resolved, on_time,
                            round(100 * on_time / resolved, 1) if resolved else None,
                            b["overdue"]["doc_count"], b["in_progress"]["doc_count"]))
    return sorted(rows, key=lambda r: (-r.received, r.unit))


def count_by_status(client: Elasticsearch, settings: Settings,
                    policy_filters: list[dict[str, Any]] | None = None) -> dict[str, int]:
    response = client.search(index=settings.index_alias("cases"), size=0,
                             query={"bool": {"filter": list(policy_filters or [])}},
                             aggs={"s": {"terms": {"field": "status", "size": 20}}})
    return {b["key"]: b["doc_count"] for b in response["aggregations"]["s"]["buckets"]}
