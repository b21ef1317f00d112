"""Base spider for RSS and Atom feeds (any version feedparser reads): each entry is an article,
configured by feed URL alone (``feeds:`` in config/sources.yaml), no site code needed."""
from __future__ import annotations

import calendar
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response

from crawlers.platforms.base import Item, SourceSpider
from crawlers.platforms.news_comments import plain_text

_RAW_KEYS = ("id", "link", "title", "summary", "published", "updated", "author", "tags")


class RssFeedSpider(SourceSpider):
    platform = "rss"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for feed in self.plan.feeds:
            yield scrapy.Request(self.plan.fetch_url(feed), callback=self.parse_feed)

    def parse_feed(self, response: Response) -> Iterator[Item]:
        import feedparser

        parsed = feedparser.parse(response.body, response_headers={"content-location": response.url})
        if parsed.bozo and not parsed.entries:
            self.count("feeds_unreadable")
            self.logger.warning("unreadable feed %s: %r", response.url, parsed.get("bozo_exception"))
            return
        self.count("feed_entries", len(parsed.entries))
        for entry in parsed.entries:
            if not entry.get("link"):
                self.count("entries_without_link")
                continue
            yield self.entry_item(entry)

    def entry_item(self, entry: Any) -> Item:
        summary = entry.get("summary") or (entry.get("content") or [{}])[0].get("value", "")
        return self.item(kind="article", canonical_id=None, url=entry["link"].strip(),
                         title=plain_text(entry.get("title") or "") or None, text=plain_text(summary),
                         author=entry.get("author") or None,
                         published_at=_time(entry.get("published_parsed") or entry.get("updated_parsed")),
                         raw={k: _plain(entry.get(k)) for k in _RAW_KEYS if entry.get(k) is not None})


def _time(parsed: Any) -> datetime | None:
    """feedparser's UTC struct_time → an aware datetime."""
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC) if parsed else None


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)
