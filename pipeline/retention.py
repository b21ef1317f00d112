"""The retention policy, run daily: public posts past ``retention_posts_days`` are deleted;
personal data of service requests and of closed cases past ``retention_personal_days`` is
erased (the complaint itself stays, for statistics); alerts, deadline notices and crawl reports
past ``retention_log_days`` are deleted. The audit trail is never touched."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from elasticsearch import Elasticsearch

from core.settings import Settings
from store.retention import delete_older_than, rewrite_older_than


def _erase_request(source: dict[str, Any]) -> dict[str, Any] | None:
    personal = source.get("personal") or {}
    if not any(personal.values()) and not source.get("raw"):
        return None
    return {"personal": {k: None for k in personal}, "raw": {}}


def _erase_reporters(source: dict[str, Any]) -> dict[str, Any] | None:
    reporters = source.get("reporters") or []
    if not any(r.get(k) for r in reporters for k in ("name", "email", "phone", "address")):
        return None
    return {"reporters": [{**r, "name": None, "email": None, "phone": None, "address": None} for r in reporters]}


def apply_retention(client: Elasticsearch, settings: Settings, at: datetime) -> dict[str, int]:
    alias = settings.index_alias
    posts_cutoff = at - timedelta(days=settings.retention_posts_days)
    personal_cutoff = at - timedelta(days=settings.retention_personal_days)
    log_cutoff = at - timedelta(days=settings.retention_log_days)
    return {
        "posts_deleted": delete_older_than(client, alias("posts"), "published_at", posts_cutoff),
        "requests_erased": rewrite_older_than(client, alias("requests"), "requested_datetime", personal_cutoff, _erase_request),
        "cases_erased": rewrite_older_than(client, alias("cases"), "closed_at", personal_cutoff, _erase_reporters),
        "alerts_deleted": delete_older_than(client, alias("alerts"), "fired_at", log_cutoff),
        "notices_deleted": delete_older_than(client, alias("sla-notices"), "noticed_at", log_cutoff),
        "source_runs_deleted": delete_older_than(client, alias("source-runs"), "interval_end", log_cutoff),
    }
