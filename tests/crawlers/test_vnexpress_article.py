"""Article parsing on the recorded VnExpress page, checked against fundus's expected parse of it."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from parsel import Selector
from scrapy.http import HtmlResponse, Request, TextResponse

from core.schema import Kind, Post

RECORDINGS = Path(__file__).resolve().parents[2] / "crawlers" / "demo" / "vnexpress"
ARTICLE_URL = "https://vnexpress.net/dau-bung-keo-dai-phat-hien-ung-thu-lymphoma-ruot-non-4954454.html"
FEED = Path(__file__).resolve().parent / "data" / "vnexpress_rss" / "the-gioi_single_item_2025-02-06.xml"


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads((RECORDINGS / "vnexpress_4954454_expected_fundus.json").read_text(encoding="utf-8"))["V1"]


@pytest.fixture
def page() -> HtmlResponse:
    body = (RECORDINGS / "vnexpress_4954454_2025-10-22.html").read_bytes()
    return HtmlResponse(url=ARTICLE_URL, body=body, encoding="utf-8", request=Request(ARTICLE_URL))


def test_article_fields_match_fundus(spider, page, expected):
    fields, _ = spider.parse_article(page)

    assert fields["canonical_id"] == "4954454"
    assert fields["url"] == ARTICLE_URL
    assert fields["title"] == expected["title"]
    assert fields["author"] in expected["authors"]
    assert fields["published_at"] == datetime.fromisoformat(expected["publishing_date"])
    assert fields["published_at"].utcoffset() is not None
    assert fields["raw"]["section"] == "sức khỏe"
    assert fields["raw"]["tags"] == expected["topics"]
    assert fields["raw"]["breadcrumb"] == ["Sức khỏe", "Tin tức"]


def test_article_text_is_sapo_then_body_without_captions_or_byline(spider, page, expected):
    fields, _ = spider.parse_article(page)
    captions = [image["caption"] for image in expected["images"]]
    body = [p for section in expected["body"]["sections"] for p in section["paragraphs"]
            if not any(p.startswith(c) for c in captions)]

    assert fields["text"].split("\n\n") == expected["body"]["summary"] + body
    assert "Lê Phương" not in fields["text"]


def test_article_page_yields_a_valid_post_then_its_comment_api_request(spider, page):
    article, request = list(spider.parse_article_page(page))

    post = Post.model_validate(article)
    assert (post.id, post.kind, post.language, post.demo) == ("vnexpress:4954454", Kind.article, "vi", False)
    assert post.raw["comment_widget"]["site_id"] == 1003750
    parts = urlsplit(request.url)
    assert (parts.netloc, parts.path) == ("usi-saas.vnexpress.net", "/index/get")
    assert parse_qs(parts.query) == {
        "offset": ["0"], "limit": ["24"], "siteid": ["1003750"], "objecttype": ["1"], "objectid": ["4954454"],
        "categoryid": ["1003784"], "sign": ["594f372de7521115b23d391945ee8ebc"], "sort_by": ["like"]}
    assert request.meta["handle_httpstatus_list"] == [404]
    assert request.cb_kwargs["thread"].article_url == ARTICLE_URL


def test_page_without_comment_widget_is_counted(spider):
    html = Selector(text=(RECORDINGS / "vnexpress_4954454_2025-10-22.html").read_text(encoding="utf-8"))
    for node in html.xpath("//*[@data-component-input]"):
        node.root.attrib.pop("data-component-input")
    page = HtmlResponse(url=ARTICLE_URL, body=html.get().encode(), encoding="utf-8")

    outputs = list(spider.parse_article_page(page))

    assert len(outputs) == 1 and outputs[0]["kind"] == "article"
    assert spider.crawler.stats.get_value("vnexpress/no_comment_widget") == 1


def test_feed_links_become_article_requests(spider):
    body = FEED.read_bytes().replace(b"</channel>", b"<item><link>https://example.com/x-1.html</link></item></channel>")
    feed = TextResponse(url="https://vnexpress.net/rss/the-gioi.rss", body=body, encoding="utf-8")

    requests = list(spider.parse_feed(feed))

    assert [r.url for r in requests] == ["https://vnexpress.net/israel-noi-got-my-roi-hoi-dong-nhan-quyen-lhq-4846612.html"]
    assert requests[0].callback == spider.parse_article_page
    assert spider.crawler.stats.get_value("vnexpress/feed_links") == 2


def test_demo_plan_fetches_from_the_server_but_stores_real_urls(make_spider, page):
    spider = make_spider("demo", demo_url="http://127.0.0.1:8123")
    local = page.replace(url="http://127.0.0.1:8123" + urlsplit(ARTICLE_URL).path)

    article, request = list(spider.parse_article_page(local))

    assert article["url"] == ARTICLE_URL and article["demo"] is True
    assert request.url.startswith("http://127.0.0.1:8123/index/get?")
    assert spider.allowed_domains == ["127.0.0.1"]
