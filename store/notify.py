"""Every read and write of the notification indices: alert rules, alerts fired, subscriptions, digests."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from elasticsearch import ConflictError, Elasticsearch, NotFoundError

from core.notify_schema import NOTIFY_SCHEMA_VERSION, AlertEvent, AlertRule, DigestRecord, SlaNotice, Subscription
from core.settings import Settings
from store.queries import text_query
from store.setup import ensure_index

INDICES = {"alert-rules": AlertRule, "alerts": AlertEvent, "subscriptions": Subscription, "digests": DigestRecord,
           "sla-notices": SlaNotice}


def ensure_notify_indices(client: Elasticsearch, settings: Settings) -> None:
    for name, model in INDICES.items():
        ensure_index(client, settings, name, model, NOTIFY_SCHEMA_VERSION)


def _alias(settings: Settings, name: str) -> str:
    return settings.index_alias(name)


# --- alert rules ---------------------------------------------------------------------------

def save_rule(client: Elasticsearch, settings: Settings, rule: AlertRule) -> None:
    client.index(index=_alias(settings, "alert-rules"), id=rule.id, document=rule.model_dump(mode="json"),
                 refresh="wait_for")


def delete_rule(client: Elasticsearch, settings: Settings, rule_id: str) -> bool:
    try:
        client.delete(index=_alias(settings, "alert-rules"), id=rule_id, refresh="wait_for")
    except NotFoundError:
        return False
    return True


def list_rules(client: Elasticsearch, settings: Settings, *, enabled_only: bool = False) -> list[AlertRule]:
    query = {"term": {"enabled": True}} if enabled_only else {"match_all": {}}
    response = client.search(index=_alias(settings, "alert-rules"), query=query, size=1000, sort=[{"id": "asc"}])
    return [AlertRule.model_validate(hit["_source"]) for hit in response["hits"]["hits"]]


# --- alerts fired ---------------------------------------------------------------------------

def record_alert(client: Elasticsearch, settings: Settings, event: AlertEvent) -> bool:
    """Store a new alert; False when this rule already fired for this window (never twice)."""
    try:
        client.create(index=_alias(settings, "alerts"), id=event.id, document=event.model_dump(mode="json"),
                      refresh="wait_for")
    except ConflictError:
        return False
    return True


def update_alert(client: Elasticsearch, settings: Settings, event: AlertEvent) -> None:
    client.index(index=_alias(settings, "alerts"), id=event.id, document=event.model_dump(mode="json"),
                 refresh="wait_for")


def last_alert(client: Elasticsearch, settings: Settings, rule_id: str, before: datetime) -> AlertEvent | None:
    response = client.search(index=_alias(settings, "alerts"), size=1,
                             query={"bool": {"filter": [{"term": {"rule_id": rule_id}},
                                                        {"range": {"window_end": {"lte": before.isoformat()}}}]}},
                             sort=[{"window_end": "desc"}])
    hits = response["hits"]["hits"]
    return AlertEvent.model_validate(hits[0]["_source"]) if hits else None


def alerts_between(client: Elasticsearch, settings: Settings, since: datetime, until: datetime,
                   rule_ids: Iterable[str] | None = None, size: int = 100) -> list[AlertEvent]:
    filters: list[dict[str, Any]] = [{"range": {"window_end": {"gte": since.isoformat(), "lt": until.isoformat()}}}]
    if rule_ids is not None:
        filters.append({"terms": {"rule_id": list(rule_ids)}})
    response = client.search(index=_alias(settings, "alerts"), size=size, query={"bool": {"filter": filters}},
                             sort=[{"window_end": "desc"}])
    return [AlertEvent.model_validate(hit["_source"]) for hit in response["hits"]["hits"]]


def undelivered_alerts(client: Elasticsearch, settings: Settings, since: datetime) -> list[AlertEvent]:
    response = client.search(index=_alias(settings, "alerts"), size=200, query={"bool": {"filter": [
        {"range": {"fired_at": {"gte": since.isoformat()}}}, {"term": {"deliveries.ok": False}}]}})
    return [AlertEvent.model_validate(hit["_source"]) for hit in response["hits"]["hits"]]


# --- posts matched by a rule ------------------------------------------------------------------

def rule_query(query: str | None, ward_code: str | None, topic: str | None,
               since: datetime, until: datetime) -> dict[str, Any]:
    filters: list[dict[str, Any]] = [{"range": {"published_at": {"gte": since.isoformat(), "lt": until.isoformat()}}}]
    if ward_code:
        filters.append({"term": {"enrichment.ward_codes": ward_code}})
    if topic:
        filters.append({"term": {"enrichment.topic": topic}})
    return {"bool": {"must": [text_query(query)], "filter": filters}}


def count_matching(client: Elasticsearch, posts_alias: str, query: str | None, ward_code: str | None,
                   topic: str | None, since: datetime, until: datetime) -> int:
    return client.count(index=posts_alias, query=rule_query(query, ward_code, topic, since, until))["count"]


def sample_matching(client: Elasticsearch, posts_alias: str, query: str | None, ward_code: str | None,
                    topic: str | None, since: datetime, until: datetime, size: int = 5) -> list[dict[str, Any]]:
    response = client.search(index=posts_alias, size=size, query=rule_query(query, ward_code, topic, since, until),
                             sort=[{"published_at": "desc"}], source_includes=["id", "title", "text", "url", "source"])
    return [hit["_source"] for hit in response["hits"]["hits"]]


# --- subscriptions -----------------------------------------------------------------------------

def save_subscription(client: Elasticsearch, settings: Settings, subscription: Subscription) -> None:
    client.index(index=_alias(settings, "subscriptions"), id=subscription.email,
                 document=subscription.model_dump(mode="json"), refresh="wait_for")


def get_subscription(client: Elasticsearch, settings: Settings, email: str) -> Subscription | None:
    try:
        doc = client.get(index=_alias(settings, "subscriptions"), id=email.lower())
    except NotFoundError:
        return None
    return Subscription.model_validate(doc["_source"])


def subscribers(client: Elasticsearch, settings: Settings, group: str, *, kind: str = "digest") -> list[Subscription]:
    """Active subscribers of a group for ``kind`` ('digest' or 'alerts')."""
    response = client.search(index=_alias(settings, "subscriptions"), size=1000, query={"bool": {
        "filter": [{"term": {"groups": group}}, {"term": {kind: True}}],
        "must_not": [{"exists": {"field": "unsubscribed_at"}}]}}, sort=[{"email": "asc"}])
    return [Subscription.model_validate(hit["_source"]) for hit in response["hits"]["hits"]]


def list_subscriptions(client: Elasticsearch, settings: Settings) -> list[Subscription]:
    response = client.search(index=_alias(settings, "subscriptions"), size=5000, sort=[{"email": "asc"}])
    return [Subscription.model_validate(hit["_source"]) for hit in response["hits"]["hits"]]


# --- digests ----------------------------------------------------------------------------------

def archive_digest(client: Elasticsearch, settings: Settings, record: DigestRecord) -> None:
    client.index(index=_alias(settings, "digests"), id=record.id, document=record.model_dump(mode="json"))


def get_digest(client: Elasticsearch, settings: Settings, digest_id: str) -> DigestRecord | None:
    try:
        doc = client.get(index=_alias(settings, "digests"), id=digest_id)
    except NotFoundError:
        return None
    return DigestRecord.model_validate(doc["_source"])


def list_digests(client: Elasticsearch, settings: Settings, *, day: str | None = None, group: str | None = None,
                 size: int = 200) -> list[dict[str, Any]]:
    """Digest headers (no bodies), newest first."""
    filters = [{"term": {k: v}} for k, v in (("day", day), ("group", group)) if v]
    response = client.search(index=_alias(settings, "digests"), size=size, query={"bool": {"filter": filters}},
                             sort=[{"day": "desc"}, {"group": "asc"}], source_excludes=["html", "text"])
    return [hit["_source"] for hit in response["hits"]["hits"]]


# --- deadline notices ---------------------------------------------------------------------------

def record_notice(client: Elasticsearch, settings: Settings, notice: SlaNotice) -> bool:
    """Store a new notice; False when this case's state was already told."""
    try:
        client.create(index=_alias(settings, "sla-notices"), id=notice.id, document=notice.model_dump(mode="json"),
                      refresh="wait_for")
    except ConflictError:
        return False
    return True


def update_notice(client: Elasticsearch, settings: Settings, notice: SlaNotice) -> None:
    client.index(index=_alias(settings, "sla-notices"), id=notice.id, document=notice.model_dump(mode="json"))
