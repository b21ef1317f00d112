"""Incident clustering over a data interval (the `incidents` DAG): the posts collected in the
interval, with a topic, join open incidents or start new ones (triage.incidents); then topics
rising across many wards are raised to the department that owns them, once per topic and day."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from elasticsearch import Elasticsearch, helpers

from core.notify_schema import Delivery, SlaNotice
from core.schema import Post
from core.settings import Settings


def interval_posts(client: Elasticsearch, settings: Settings, start: datetime, end: datetime) -> list[Post]:
    alias = settings.index_alias("posts")
    if not client.indices.exists_alias(name=alias):
        return []
    query = {"query": {"bool": {"filter": [
        {"range": {"collected_at": {"gte": start.isoformat(), "lt": end.isoformat()}}},
        {"exists": {"field": "enrichment.topic"}}]}}}
    return [Post.from_document(h["_source"]) for h in helpers.scan(client, index=alias, query=query)]


def cluster_interval(client: Elasticsearch, settings: Settings, start: datetime, end: datetime) -> dict[str, Any]:
    from triage.cases import ensure_triage_indices
    from triage.incidents import item_from_post, update_incidents

    ensure_triage_indices(client, settings)
    posts = interval_posts(client, settings, start, end)
    counts = update_incidents(client, settings, [item_from_post(p) for p in posts])
    return {"posts": len(posts), **counts, "systemic": raise_systemic(client, settings, end)}


def raise_systemic(client: Elasticsearch, settings: Settings, now: datetime) -> list[str]:
    """Tell each owning department about its rising topic: once per topic and day."""
    from notify.mailer import MailFailed, build_message, send
    from store import notify as store
    from triage.incidents import systemic_signals

    store.ensure_notify_indices(client, settings)
    raised = []
    for signal in systemic_signals(client, settings, now=now):
        notice = SlaNotice(id=f"systemic:{signal.topic}:{now:%Y-%m-%d}", case_id="", state="systemic", unit=signal.department,
                           noticed_at=now)
        if not store.record_notice(client, settings, notice):
            continue
        body = (f"Chủ đề {signal.topic} tăng ở {len(signal.wards)} phường/xã ({signal.items_now} phản ánh, "
                f"kỳ trước {signal.items_before}): {', '.join(signal.wards[:20])}.\n"
                f"Topic {signal.topic} is rising in {len(signal.wards)} wards — a possible systemic cause.\n"
                f"{settings.dashboard_url.rstrip('/')}/incidents?topic={signal.topic}\n")
        for subscriber in store.subscribers(client, settings, f"unit:{signal.department}", kind="alerts"):
            try:
                send(settings, build_message(settings, [subscriber.email],
                                             f"[Lắng Nghe] Vấn đề hệ thống: {signal.topic} tăng ở nhiều phường", body))
                notice.deliveries.append(Delivery(channel="email", target=subscriber.email, ok=True))
            except MailFailed as exc:
                notice.deliveries.append(Delivery(channel="email", target=subscriber.email, ok=False, error=exc.message))
        store.update_notice(client, settings, notice)
        raised.append(notice.id)
    return raised
