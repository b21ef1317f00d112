"""Facebook Graph API: page feeds and post comments (stream and toplevel + replies) with paging.next cursors,
on the recorded bodies (crawlers/demo/facebook/); "not configured" without a token; a demo crawl."""
from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy.http import Request, TextResponse
from scrapy.utils.test import get_crawler

from core.schema import Kind, Post
from core.settings import Settings
from crawlers.platforms.base import NOT_CONFIGURED
from crawlers.platforms.facebook_graph import comment_ids
from crawlers.run import crawl
from crawlers.sources import plan_sources
from crawlers.spiders.facebook import FacebookSourceSpider

RECORDINGS = Path(__file__).resolve().parents[2] / "crawlers" / "demo" / "facebook"
WHEN = datetime(2026, 11, 30, tzinfo=UTC)
PAGE_FEED = ["page_19292868552_feed_expanded_fields_p1_2021-07.json", "page_19292868552_feed_expanded_fields_p2_2021-07.json"]
GROUP_FEED = ["group_2260975870792283_feed_p1_2021-07.json", "group_2260975870792283_feed_p2_2021-07.json"]
STREAM = ["post_19292868552_10158407654328553_comments_stream_p1_2021-08.json",
          "post_19292868552_10158407654328553_comments_stream_p2_2021-08.json"]
TOPLEVEL = ["post_2121008874780932_2498613793687103_comments_toplevel_p1_2019-12.json",
            "post_2121008874780932_2498613793687103_comments_toplevel_p2_2019-12.json"]
STREAM_POST, TOPLEVEL_POST = "19292868552_10158407654328553", "2121008874780932_2498613793687103"


def recorded(name: str) -> dict:
    return json.loads((RECORDINGS / name).read_text(encoding="utf-8"))


def make(profile: str = "demo", collected_at: datetime = WHEN) -> FacebookSourceSpider:
    plan = plan_sources(profile, ["facebook_hcm"], demo_url="http://127.0.0.1:9")[0]
    crawler = get_crawler(FacebookSourceSpider, {"LANGNGHE_MAX_COMMENT_PAGES": 5})
    spider = FacebookSourceSpider.from_crawler(crawler, plan=plan, collected_at=collected_at)
    if profile == "live":
        spider.token = None  # whatever this machine's environment says
    return spider


def response(body: dict) -> TextResponse:
    url = "https://graph.facebook.com/v10.0/x"
    return TextResponse(url=url, body=json.dumps(body).encode(), encoding="utf-8", request=Request(url))


def split(outputs):
    outputs = list(outputs)
    return [o for o in outputs if isinstance(o, dict)], [o for o in outputs if isinstance(o, Request)]


def reply_of(item: dict) -> str | None:
    """The parent comment a stream item answers, read from its permalink (independently of the spider)."""
    query = parse_qs(urlsplit(item["permalink_url"]).query)
    return query["comment_id"][0] if "reply_comment_id" in query else None


def test_a_feed_page_gives_posts_with_counts_and_follows_paging_next():
    spider = make()
    body = recorded(PAGE_FEED[0])
    items, requests = split(spider.parse_feed(response(body), page=1))
    posts = [Post.model_validate(i) for i in items]

    assert [p.canonical_id for p in posts] == [d["id"] for d in body["data"]]
    first = body["data"][0]
    assert posts[0].likes == first["reactions"]["summary"]["total_count"]
    assert posts[0].replies == first["comments"]["summary"]["total_count"]
    assert posts[0].url == first["permalink_url"] and posts[0].raw == first and posts[0].kind is Kind.post
    assert posts[0].published_at == datetime(2021, 7, 9, 19, 9, 52, tzinfo=UTC)  # "2021-07-09T19:09:52+0000"
    (following,) = requests  # 2021 posts are outside the comment window: no comments asked
    asked = parse_qs(urlsplit(following.url).query)
    assert asked["after"] == ["after"] and asked["access_token"] == [spider.token]
    assert following.url.startswith("http://127.0.0.1:9/v10.0/19292868552/feed?")


def test_the_last_feed_page_ends_the_feed_and_a_message_may_be_missing():
    body = recorded(GROUP_FEED[1])
    items, requests = split(make().parse_feed(response(body), page=2))
    assert len(items) == len(body["data"]) and requests == []
    assert all(isinstance(i["text"], str) for i in items)


def test_recent_posts_get_their_comments_requested():
    body = recorded(PAGE_FEED[0])
    spider = make(collected_at=datetime(2021, 7, 12, tzinfo=UTC))
    _, requests = split(spider.parse_feed(response(body), page=1))
    comments = [r for r in requests if "/comments?" in r.url]

    assert [urlsplit(r.url).path for r in comments] == [f"/v10.0/{d['id']}/comments" for d in body["data"]
                                                        if d["created_time"] >= "2021-07-05"]
    assert all(parse_qs(urlsplit(r.url).query)["filter"] == ["stream"] for r in comments)


def test_stream_comments_name_their_parents_from_the_permalink():
    spider = make()
    pages = [recorded(name) for name in STREAM]
    items = []
    for page, body in enumerate(pages, start=1):
        got, requests = split(spider.parse_comments(response(body), post=STREAM_POST, mode="stream", page=page))
        items += got
        assert len(requests) == (1 if "next" in body["paging"] else 0)
    raw = [c for body in pages for c in body["data"]]
    story = STREAM_POST.split("_")[1]

    assert len(items) == len(raw)
    replies = [i for i in items if reply_of(i["raw"])]
    assert len(replies) == sum(1 for c in raw if reply_of(c))
    for reply in replies:
        assert reply["parent_id"] == f"facebook_hcm:{story}_{reply_of(reply['raw'])}"
    top = [i for i in items if not reply_of(i["raw"])]
    assert {i["parent_id"] for i in top} == {f"facebook_hcm:{STREAM_POST}"}
    ids = {f"facebook_hcm:{i['canonical_id']}" for i in items}
    assert {r["parent_id"] for r in replies} <= ids  # every reply's parent is collected too


def test_toplevel_comments_page_on_and_ask_for_replies_where_there_are_some():
    spider = make()
    first, second = (recorded(name) for name in TOPLEVEL)
    items1, requests1 = split(spider.parse_comments(response(first), post=TOPLEVEL_POST, mode="toplevel", page=1))
    items2, requests2 = split(spider.parse_comments(response(second), post=TOPLEVEL_POST, mode="toplevel", page=2))

    assert [i["canonical_id"] for i in items1 + items2] == [c["id"] for c in first["data"] + second["data"]]
    assert {i["parent_id"] for i in items1 + items2} == {f"facebook_hcm:{TOPLEVEL_POST}"}
    assert [i["author"] for i in items1] == [c["from"]["name"] for c in first["data"]]
    assert [r.url.split("?")[0] for r in requests1] == ["http://127.0.0.1:9/v8.0/2121008874780932_2498613793687103/comments"]
    assert requests2 == []  # no next page, and no comment has replies (comment_count 0)

    with_replies = {**first["data"][0], "comment_count": 2}
    _, asked = split(make().parse_comments(response({"data": [with_replies]}), post=TOPLEVEL_POST, mode="toplevel", page=1))
    assert [urlsplit(r.url).path for r in asked] == [f"/v10.0/{with_replies['id']}/comments"]
    assert asked[0].cb_kwargs["parent"] == with_replies["id"]


def test_comment_ids_prefer_the_api_ids():
    assert comment_ids({"id": "1_2", "parent": {"id": "1_0"}}) == ("1_2", "1_0")
    assert comment_ids({"permalink_url": "https://www.facebook.com/9/posts/5/?comment_id=7&reply_comment_id=8"}) == \
        ("5_8", "5_7")
    assert comment_ids({"message": "no id, no permalink"}) == (None, None)


def test_no_token_means_not_configured_and_no_request(caplog):
    spider = make(profile="live")

    async def requests():
        return [r async for r in spider.start()]

    assert asyncio.run(requests()) == []
    assert "LANGNGHE_FACEBOOK_ACCESS_TOKEN" in spider.crawler.stats.get_value(NOT_CONFIGURED)
    assert "facebook_hcm is not configured" in caplog.text


# --- end to end ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("facebook")
    return crawl("demo", base / "facebook.jsonl", WHEN, sources=["facebook_hcm"], settings=Settings(data_dir=base / "var"))


@pytest.mark.integration
def test_demo_crawl_collects_feeds_and_both_kinds_of_comment_lists(demo_run):
    docs = [json.loads(line) for line in demo_run.out.read_text(encoding="utf-8").splitlines()]
    posts = [p for name in PAGE_FEED + GROUP_FEED for p in recorded(name)["data"]]
    comments = [c for name in STREAM + TOPLEVEL for c in recorded(name)["data"]]

    assert Counter(d["kind"] for d in docs) == {"post": len(posts), "comment": len(comments)}
    assert len({d["id"] for d in docs}) == len(docs)
    assert (demo_run.invalid, demo_run.duplicates, demo_run.errors) == (0, 0, 0)
    assert all(d["url"].startswith("https://www.facebook.com/") for d in docs)
    assert "demo-placeholder-token" not in demo_run.out.read_text(encoding="utf-8")
    stats = demo_run.per_source["facebook_hcm"]
    assert NOT_CONFIGURED not in stats
    assert not [k for k in stats if k.endswith("_unavailable")]  # every page asked for is recorded

