"""Spiders wired to a real Scrapy crawler (settings, stats), never started: for parsing tests."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

COLLECTED_AT = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)


@pytest.fixture
def make_spider():
    """A VnexpressSpider on a real crawler (stats, settings), for a profile's plan."""
    from scrapy.utils.test import get_crawler

    from crawlers.sources import plan_sources
    from crawlers.spiders.vnexpress import VnexpressSpider

    def make(profile: str = "live", demo_url: str | None = None, max_pages: int = 5) -> VnexpressSpider:
        plan = plan_sources(profile, ["vnexpress"], demo_url=demo_url)[0]
        crawler = get_crawler(VnexpressSpider, {"LANGNGHE_MAX_COMMENT_PAGES": max_pages})
        return VnexpressSpider.from_crawler(crawler, plan=plan, collected_at=COLLECTED_AT)

    return make


@pytest.fixture
def spider(make_spider):
    return make_spider()
