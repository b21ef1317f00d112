"""Drop a document already seen in this run (same id), counted."""
from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from core.schema import Post


class DedupePipeline:
    def __init__(self, stats: Any) -> None:
        self.stats = stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Post) -> Post:
        if item.id in self.seen:
            self.stats.inc_value("dedupe/duplicates")
            raise DropItem(f"duplicate {item.id}", log_level="INFO")
        self.seen.add(item.id)
        return item
