"""Comment and reply parsing on the recorded VnExpress comment API bodies."""
from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.http import Request, TextResponse

from core.schema import Kind, Post
from crawlers.platforms.news_comments import Thread, plain_text

RECORDINGS = Path(__file__).resolve().parents[2] / "crawlers" / "demo" / "vnexpress"
API = "https://usi-saas.vnexpress.net/index"
THREAD = Thread(article_id="4219024", params={"site_id": "1000000"})
ARTICLE_URL = "https://vnexpress.net/ban-4219024.html"


def recorded(name: str) -> dict:
    return json.loads((RECORDINGS / name).read_text(encoding="utf-8"))


def api_response(body: dict | bytes, path: str = "get", status: int = 200) -> TextResponse:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    url = f"{API}/{path}?objectid=4219024"
    return TextResponse(url=url, body=raw, status=status, encoding="utf-8", request=Request(url))


def split(outputs):
    outputs = list(outputs)
    items = [o for o in outputs if isinstance(o, dict)]
    return items, [o for o in outputs if isinstance(o, Request)]


@pytest.fixture(scope="module")
def comments_body() -> dict:
    return recorded("article_4219024_comments_get.json")


def test_top_level_comments(spider, comments_body):
    items, _ = split(spider.parse_comments(api_response(comments_body), thread=THREAD, offset=0, page=1))
    posts = [Post.model_validate(i) for i in items]

    assert len(posts) == 76
    assert len({p.id for p in posts}) == 76
    assert all(p.kind is Kind.comment and p.parent_id == "vnexpress:4219024" for p in posts)
    first = next(p for p in posts if p.canonical_id == "c38384619")
    assert first.id == "vnexpress:c38384619"
    assert first.author == "Lê Thanh"
    assert first.published_at == datetime(2021, 1, 11, 1, 19, 56, tzinfo=UTC)
    assert first.url == f"{API}/get?siteid=1000000&objecttype=1&objectid=4219024#comment-38384619"
    assert first.raw == comments_body["data"]["items"][0]


def test_comment_html_becomes_plain_text(spider, comments_body):
    items, _ = split(spider.parse_comments(api_response(comments_body), thread=THREAD, offset=0, page=1))
    multi = next(i for i in items if i["canonical_id"] == "c38384762")

    assert multi["text"].splitlines()[1].startswith("Mấy cái game online ấy mà")
    assert not any("<" in i["text"] or "&" in i["text"] for i in items)


def test_replies_are_requested_only_where_some_are_missing(spider, comments_body):
    _, requests = split(spider.parse_comments(api_response(comments_body), thread=THREAD, offset=0, page=1))

    assert sorted(r.cb_kwargs["parent"] for r in requests) == [
        "38384616", "38384619", "38384787", "38384887", "38384948", "38385329"]
    ben = next(r for r in requests if r.cb_kwargs["parent"] == "38384616")
    assert ben.url == f"{API}/getreplay?offset=0&limit=25&siteid=1000000&objecttype=1&objectid=4219024&id=38384616"
    assert ben.cb_kwargs["total"] == 3


def test_comment_of_a_known_article_links_to_it(spider, comments_body):
    thread = Thread(article_id="4219024", params={"site_id": "1000000"}, article_url=ARTICLE_URL)
    items, _ = split(spider.parse_comments(api_response(comments_body), thread=thread, offset=0, page=1))

    assert items[0]["url"] == f"{ARTICLE_URL}#comment-38384619"


def test_replies(spider):
    outputs = list(spider.parse_replies(api_response(recorded("article_4219024_replies_getreplay.json"), "getreplay"),
                                        thread=THREAD, parent="38384616", total=3, offset=0, page=1))
    posts = [Post.model_validate(o) for o in outputs]

    assert [p.canonical_id for p in posts] == ["c38385481", "c38386390", "c38386460"]
    assert {p.parent_id for p in posts} == {"vnexpress:c38384616"}
    assert posts[0].published_at == datetime(2021, 1, 11, 2, 20, 23, tzinfo=UTC)  # "09:20 11/1" in Hanoi
    assert posts[2].text == ("@Đào Xuân Thành: Chuyện đi công tác hay đi làm đâu liên quan đến suy nghĩ "
                             "ảo tưởng về tình cảm, xa rời thực tế đâu bạn.")


def test_inline_replies_are_used_without_a_request(spider, comments_body):
    reply = {**comments_body["data"]["items"][4], "comment_id": "99", "parent_id": 38384616}
    root = {**comments_body["data"]["items"][1], "replys": {"total": 1, "items": [reply]}}
    body = {"data": {"total": 1, "items": [root]}}

    items, requests = split(spider.parse_comments(api_response(body), thread=THREAD, offset=0, page=1))

    assert requests == []
    assert [(i["canonical_id"], i["parent_id"]) for i in items] == [
        ("c38384616", "vnexpress:4219024"), ("c99", "vnexpress:c38384616")]


def test_paging_follows_total_up_to_max_pages(make_spider, comments_body):
    body = {"data": {**comments_body["data"], "items": comments_body["data"]["items"][:2]}}
    spider = make_spider(max_pages=2)

    _, next_pages = split(spider.parse_comments(api_response(body), thread=THREAD, offset=0, page=1))
    _, at_limit = split(spider.parse_comments(api_response(body), thread=THREAD, offset=2, page=2))

    nxt = [r for r in next_pages if r.callback == spider.parse_comments]
    assert len(nxt) == 1 and nxt[0].cb_kwargs == {"thread": THREAD, "offset": 2, "page": 2}
    assert "offset=2&" in nxt[0].url
    assert not [r for r in at_limit if r.callback == spider.parse_comments]


def test_404_means_no_comments_here(spider):
    assert list(spider.parse_comments(api_response(b"not recorded", status=404), thread=THREAD, offset=0, page=1)) == []
    assert list(spider.parse_replies(api_response(b"", "getreplay", 404), thread=THREAD, parent="1", total=2,
                                     offset=0, page=1)) == []
    assert spider.crawler.stats.get_value("vnexpress/comments_unavailable") == 1
    assert spider.crawler.stats.get_value("vnexpress/replies_unavailable") == 1


def test_unreadable_or_error_bodies_are_counted(spider):
    assert list(spider.parse_comments(api_response(b"<html>", status=200), thread=THREAD, offset=0, page=1)) == []
    error = {"error": 1, "errorDescription": "bad sign", "data": None}
    assert list(spider.parse_comments(api_response(error), thread=THREAD, offset=0, page=1)) == []
    assert spider.crawler.stats.get_value("vnexpress/comments_unreadable") == 2


@pytest.mark.parametrize(("html", "text"), [
    ("a<br/>b<br>c", "a\nb\nc"),
    ('<span class="reply_name">@An</span>:&nbsp;ok &amp; &lt;3', "@An: ok & <3"),
    ("  spaced \n\n  out  ", "spaced\nout"),
])
def test_plain_text(html, text):
    assert plain_text(html) == text
