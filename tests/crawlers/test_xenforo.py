"""The XenForo 2 platform spider on a real thread page (xenforo.com, the same templates as voz.vn)."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from scrapy.http import HtmlResponse, Request

DATA = Path(__file__).parent / "data" / "xenforo_thread_html"
PAGE = DATA / "xenforo-community_thread-8276_a-dark-theme-option_2019-07-03.html"
URL = "https://voz.vn/threads/a-dark-theme-option.8276/"  # served as if voz hosted it: the platform is the same


def parse(spider, url: str = URL, page: int = 1):
    response = HtmlResponse(url=url, body=PAGE.read_bytes(), encoding="utf-8", request=Request(url))
    return list(spider.parse_thread(response, page=page, backwards=False, walked=1))


def test_real_thread_page_gives_the_opener_and_its_replies(make_spider):
    items = parse(make_spider(source="voz"))

    assert len(items) == 8 and all(isinstance(i, dict) for i in items)  # one page, no pageNav: no request
    opener, *replies = items
    assert opener["kind"] == "post" and opener["canonical_id"] == "t8276" and opener["title"] == "a dark theme option"
    assert opener["url"] == URL and opener["platform"] == "xenforo"
    assert {r["kind"] for r in replies} == {"comment"} and {r["parent_id"] for r in replies} == {"voz:t8276"}
    assert all(r["url"].startswith(URL + "post-") and r["canonical_id"] == "p" + r["raw"]["post_id"] for r in replies)
    assert all(i["author"] and i["text"] for i in items)


def test_post_times_keep_their_own_offsets(make_spider):
    items = parse(make_spider(source="voz"))
    offsets = {i["published_at"].utcoffset().total_seconds() for i in items}

    assert offsets == {0.0, 3600.0}  # the guest's Europe/London time, with and without DST
    assert items[0]["published_at"] == datetime(2010, 11, 21, 10, 51, 58, tzinfo=UTC)
    assert items[-1]["published_at"] == datetime(2019, 6, 26, 9, 25, 9, tzinfo=UTC)


def test_incremental_skips_nothing_on_the_page_but_marks_what_is_old(make_spider):
    since = datetime(2019, 1, 1, tzinfo=UTC)
    spider = make_spider(source="voz", since=since)
    items = parse(spider)
    assert sum(spider.is_new(i["published_at"]) for i in items) < len(items)  # old posts left to the pipeline
