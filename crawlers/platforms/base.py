"""What every source spider shares: its plan, the run's time, the incremental bound, counting,
and an honest "not configured" when a source lacks credentials (crawlers/CONVENTIONS.md)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy

from crawlers.sources import SourcePlan

Item = dict[str, Any]
NOT_CONFIGURED = "source/not_configured"


class SourceSpider(scrapy.Spider):
    """Give it a ``SourcePlan``, the run's ``collected_at`` (the data-interval end) and ``since``
    (items published at or before it are old: the watermark, or the backfill bound)."""

    platform: str = "web"

    def __init__(self, plan: SourcePlan, collected_at: datetime, *args: Any,
                 since: datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if collected_at.tzinfo is None or (since is not None and since.tzinfo is None):
            raise ValueError("collected_at and since must carry a time zone")
        self.plan = plan
        self.collected_at = collected_at
        self.since = since
        self.allowed_domains = sorted({urlsplit(u).hostname or "" for _, u in plan.base_urls.pairs()})

    @property
    def source_name(self) -> str:
        return self.plan.name

    @property
    def max_comment_pages(self) -> int:
        return self.settings.getint("LANGNGHE_MAX_COMMENT_PAGES", 5)

    def in_comment_window(self, when: datetime | None) -> bool:
        """Items this recent still get their comments (re-)read: new comments come late."""
        days = self.settings.getfloat("LANGNGHE_COMMENT_WINDOW_DAYS", 7.0)
        return when is None or when >= self.collected_at - timedelta(days=days)

    def count(self, what: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"{self.source_name}/{what}", n)

    def not_configured(self, reason: str) -> None:
        """Mark this source as lacking what it needs (a key, a token): reported, not failed."""
        self.crawler.stats.set_value(NOT_CONFIGURED, reason)
        self.logger.warning("%s is not configured: %s", self.source_name, reason)

    def is_new(self, published_at: Any) -> bool:
        """False only for a known time at or before ``since`` (undated items count as new)."""
        return not (self.since and isinstance(published_at, datetime) and published_at <= self.since)

    def item(self, **fields: Any) -> Item:
        return {"source": self.source_name, "platform": self.platform, "collected_at": self.collected_at,
                "demo": self.plan.demo, "language": self.plan.language, **fields}
