"""Sources configured by URL alone (``spider: rss`` / ``spider: sitemap``), crawled in a child process
from the demo server: no site code at all."""
from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from core.settings import Settings
from crawlers.run import crawl

pytestmark = pytest.mark.integration
WHEN = datetime(2026, 11, 30, tzinfo=UTC)
CONFIG = """
sources:
  any_feed:
    spider: rss
    profiles:
      demo: {feeds: [https://dantri.com.vn/rss/xa-hoi.rss]}
  any_sitemap:
    spider: sitemap
    profiles:
      demo: {sitemaps: [https://thanhnien.vn/sitemaps/news-latest.xml]}
"""


def test_feed_and_sitemap_sources_need_only_their_urls(tmp_path):
    config = tmp_path / "sources.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    report = crawl("demo", tmp_path / "out.jsonl", WHEN, settings=Settings(data_dir=tmp_path, sources_file=config))
    docs = {d["source"]: d for d in map(json.loads, report.out.read_text(encoding="utf-8").splitlines())}

    assert report.items == 2 and report.invalid == report.errors == 0
    feed = docs["any_feed"]
    assert feed["title"] == "Người dân TPHCM khổ vì rác thải tràn ra kênh Nhiêu Lộc"
    assert feed["published_at"] == "2025-11-27T08:30:00Z" and feed["platform"] == "rss"
    page = docs["any_sitemap"]
    assert page["url"] == "https://thanhnien.vn/ket-xe-keo-dai-tren-duong-nguyen-huu-canh-tphcm-185251128093012345.htm"
    assert page["title"].startswith("Kẹt xe kéo dài") and "cầu Thủ Thiêm" in page["text"]
    assert page["platform"] == "sitemap" and page["id"].startswith("any_sitemap:u")
