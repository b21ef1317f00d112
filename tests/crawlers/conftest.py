"""Spiders wired to a real Scrapy crawler (settings, stats), never started: for parsing tests."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

COLLECTED_AT = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)


@pytest.fixture
def make_spider():
    """Any configured source's spider on a real crawler (stats, settings), for a profile's plan.
    ``make_spider()`` is the VnExpress spider of the live profile."""
    from scrapy.settings import Settings as ScrapySettings
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.test import get_crawler

    from crawlers.sources import plan_sources

    project = ScrapySettings()
    project.setmodule("crawlers.settings")
    loader = SpiderLoader.from_settings(project)

    def make(profile: str = "live", demo_url: str | None = None, max_pages: int = 5, source: str = "vnexpress",
             since: datetime | None = None, collected_at: datetime = COLLECTED_AT):
        plan = plan_sources(profile, [source], demo_url=demo_url)[0]
        spider_cls = loader.load(plan.spider)
        crawler = get_crawler(spider_cls, {"LANGNGHE_MAX_COMMENT_PAGES": max_pages})
        return spider_cls.from_crawler(crawler, plan=plan, collected_at=collected_at, since=since)

    return make


@pytest.fixture
def spider(make_spider):
    return make_spider()
