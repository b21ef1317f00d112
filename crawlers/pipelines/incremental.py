"""Drop items published at or before the run's ``since`` (the source's watermark or the backfill
bound), counted; record the newest publication time passed, which becomes the next watermark."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from scrapy.exceptions import DropItem

from core.schema import Post

NEWEST = "incremental/newest_published_at"


class IncrementalPipeline:
    def __init__(self, stats: Any, since: datetime | None) -> None:
        self.stats = stats
        self.since = since

    @classmethod
    def from_crawler(cls, crawler: Any) -> IncrementalPipeline:
        return cls(crawler.stats, getattr(crawler.spider, "since", None))

    def process_item(self, item: Post) -> Post:
        published = item.published_at
        if published is None:
            self.stats.inc_value("incremental/undated")
            return item
        if self.since is not None and published <= self.since:
            self.stats.inc_value("incremental/old")
            raise DropItem(f"{item.id} is not newer than {self.since.isoformat()}", log_level="DEBUG")
        newest = self.stats.get_value(NEWEST)
        if newest is None or published > datetime.fromisoformat(newest):
            self.stats.set_value(NEWEST, published.isoformat())
        self.stats.inc_value("incremental/new")
        return item
