"""A source's run report from its Scrapy stats and the index outcome (``core.source_run.SourceRun``)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from core.source_run import RunStatus, SourceRun
from crawlers.pipelines.incremental import NEWEST
from crawlers.platforms.base import NOT_CONFIGURED

FINISHED = {"finished", "closespider_pagecount", "closespider_timeout", "closespider_itemcount"}


def _n(stats: dict[str, Any], *keys: str) -> int:
    return sum(int(stats.get(k) or 0) for k in keys)


def newest_published(stats: dict[str, Any]) -> datetime | None:
    value = stats.get(NEWEST)
    return datetime.fromisoformat(value) if value else None


def status_of(stats: dict[str, Any], crawl_errors: int, index_failed: int) -> RunStatus:
    """``partial`` (and so no watermark move) when anything may have been missed: errors, documents
    the index refused, or a page budget spent before the crawl was done."""
    if stats.get(NOT_CONFIGURED):
        return RunStatus.not_configured
    if stats.get("finish_reason") not in FINISHED:
        return RunStatus.failed
    budget_spent = str(stats.get("finish_reason", "")).startswith("closespider")
    return RunStatus.partial if crawl_errors or index_failed or budget_spent else RunStatus.ok


def source_run(source: str, profile: str, start: datetime, end: datetime, stats: dict[str, Any],
               indexed: dict[str, int], since: datetime | None, platform: str | None = None) -> SourceRun:
    """The report of one source's run; watermark and last success are filled in by the caller."""
    errors = _n(stats, "log_count/ERROR", "downloader/exception_count")
    failed = int(indexed.get("failed", 0))
    reason = stats.get(NOT_CONFIGURED)
    return SourceRun(
        source=source, profile=profile, platform=platform, interval_start=start, interval_end=end,
        status=status_of(stats, errors, failed), items=_n(stats, "spool/written"),
        new=int(indexed.get("created", 0)), updated=int(indexed.get("updated", 0)),
        unchanged=int(indexed.get("unchanged", 0)), index_failed=failed,
        duplicates=_n(stats, "dedupe/duplicates"), invalid=_n(stats, "validate/invalid"),
        invalid_fields=sorted(k.removeprefix("invalid/") for k in stats if k.startswith("invalid/")),
        old_items=_n(stats, "incremental/old"), out_of_scope=_n(stats, "scope/out_of_scope", "scope/excluded"),
        errors=errors, pages=_n(stats, "downloader/response_count"), not_configured=bool(reason),
        not_configured_reason=str(reason) if reason else None, finish_reason=stats.get("finish_reason"),
        since=since)
