"""Keep only items in the source's keyword scope (``scope:`` in config/sources.yaml).

Matching is accent- and case-insensitive on whole words. A comment belongs to its thread: it is
kept when the article (or comment) it replies to was kept. Out-of-scope items are dropped and counted.
"""
from __future__ import annotations

import re
from typing import Any

from scrapy.exceptions import DropItem

from core.folding import fold
from core.schema import Post
from crawlers.sources import Scope


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    folded = sorted({fold(w).strip() for w in words if w.strip()}, key=len, reverse=True)
    if not folded:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in folded) + r")(?!\w)")


class ScopePipeline:
    def __init__(self, stats: Any, scope: Scope | None) -> None:
        self.stats = stats
        self.include = _pattern(scope.include) if scope else None
        self.exclude = _pattern(scope.exclude) if scope else None
        self.kept: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> ScopePipeline:
        plan = getattr(crawler.spider, "plan", None)
        return cls(crawler.stats, getattr(plan, "scope", None))

    def process_item(self, item: Post) -> Post:
        if self.include is None and self.exclude is None:
            return item
        text = fold(f"{item.title or ''}\n{item.text}")
        if self.exclude is not None and self.exclude.search(text):
            self.stats.inc_value("scope/excluded")
            raise DropItem(f"{item.id} mentions an excluded keyword", log_level="DEBUG")
        thread_kept = item.parent_id is not None and item.parent_id in self.kept
        if self.include is not None and not thread_kept and not self.include.search(text):
            self.stats.inc_value("scope/out_of_scope")
            raise DropItem(f"{item.id} is outside the source's keyword scope", log_level="DEBUG")
        self.kept.add(item.id)
        self.stats.inc_value("scope/in_scope")
        return item
