"""Any RSS/Atom feed, configured by URL alone: ``spider: rss`` with ``feeds:`` in config/sources.yaml."""
from __future__ import annotations

from crawlers.platforms.rss_feed import RssFeedSpider


class RssSpider(RssFeedSpider):
    name = "rss"
