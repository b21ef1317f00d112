"""Tinhte's bdApi: forum thread lists, posts of a thread with paging, reply ranges, on the recorded bodies
(crawlers/demo/tinhte/), and a demo crawl in a child process."""
from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.http import Request, TextResponse
from scrapy.utils.test import get_crawler

from core.schema import Kind, Post
from core.settings import Settings
from crawlers.run import crawl
from crawlers.sources import plan_sources
from crawlers.spiders.tinhte import TinhteSourceSpider

RECORDINGS = Path(__file__).resolve().parents[2] / "crawlers" / "demo" / "tinhte"
WHEN = datetime(2026, 11, 30, tzinfo=UTC)
THREADS = [3072651, 3441248, 3682335, 3703386, 3704463, 3704680, 3704815]
REPLIES = "posts_64796655_replies_from=64796950_to=64800250.json"


def recorded(name: str) -> dict:
    return json.loads((RECORDINGS / name).read_text(encoding="utf-8"))


def make(collected_at: datetime = WHEN, since: datetime | None = None) -> TinhteSourceSpider:
    plan = plan_sources("demo", ["tinhte"], demo_url="http://127.0.0.1:9")[0]
    crawler = get_crawler(TinhteSourceSpider, {"LANGNGHE_MAX_COMMENT_PAGES": 5})
    return TinhteSourceSpider.from_crawler(crawler, plan=plan, collected_at=collected_at, since=since)


def response(body: dict) -> TextResponse:
    url = "https://tinhte.vn/appforo/index.php?posts/"
    return TextResponse(url=url, body=json.dumps(body).encode(), encoding="utf-8", request=Request(url))


def split(outputs):
    outputs = list(outputs)
    return [o for o in outputs if isinstance(o, dict)], [o for o in outputs if isinstance(o, Request)]


def test_a_thread_list_gives_threads_and_the_next_page():
    body = recorded("threads_forum_id=762.json")
    items, requests = split(make().parse_threads(response(body), page=1))
    posts = [Post.model_validate(i) for i in items]

    assert [p.canonical_id for p in posts] == [f"t{t['thread_id']}" for t in body["threads"]]
    first = body["threads"][0]
    assert posts[0].title == first["thread_title"] and posts[0].url == first["links"]["permalink"]
    assert posts[0].text == first["first_post"]["post_body_plain_text"] and posts[0].kind is Kind.post
    assert posts[0].replies == first["thread_post_count"] - 1
    assert posts[0].published_at == datetime.fromtimestamp(first["thread_create_date"], UTC)
    assert [r.url for r in requests] == ["http://127.0.0.1:9/appforo/index.php?threads/&limit=3&forum_id=762&page=2"]


def test_recently_active_threads_get_their_posts_asked_for_page_one():
    body = recorded("threads_forum_id=762.json")
    latest = max(t["thread_update_date"] for t in body["threads"])
    _, requests = split(make(collected_at=datetime.fromtimestamp(latest, UTC)).parse_threads(response(body), page=1))
    posts = [r for r in requests if "posts/" in r.url]

    assert {r.url for r in posts} == {f"http://127.0.0.1:9/appforo/index.php?posts/&thread_id={t['thread_id']}&page=1"
                                      for t in body["threads"]}
    assert all(r.cb_kwargs == {"page": 1, "with_thread": False} for r in posts)


def test_posts_of_a_thread_with_replies_and_a_reply_range():
    body = recorded("posts_thread_id=3704463.json")
    items, requests = split(make().parse_posts(response(body), page=1, with_thread=True))
    posts = [Post.model_validate(i) for i in items]
    thread = posts[0]
    comments = posts[1:]
    first = next(p for p in body["posts"] if p["post_is_first_post"])

    assert thread.canonical_id == "t3704463" and thread.title == body["thread"]["thread_title"]
    assert thread.text == first["post_body_plain_text"] and thread.raw["first_post"] == first
    assert len(comments) == len(body["posts"]) - 1
    replies = [p for p in body["posts"] if p.get("post_reply_to")]
    by_id = {p.canonical_id: p for p in comments}
    for raw in replies:
        assert by_id[f"p{raw['post_id']}"].parent_id == f"tinhte:p{raw['post_reply_to']}"
    assert sum(1 for c in comments if c.parent_id == "tinhte:t3704463") == len(comments) - len(replies)
    stubs = [r["link"] for p in body["posts"] for r in p.get("post_replies") or [] if "link" in r]
    ranges = [r for r in requests if "/replies" in r.url]
    assert [r.url.replace("http://127.0.0.1:9", "https://tinhte.vn") for r in ranges] == stubs
    assert [r for r in requests if r not in ranges][0].url.endswith("thread_id=3704463&page=2")


def test_a_reply_range_gives_its_replies_once():
    body = recorded(REPLIES)
    spider = make()
    items, _ = split(spider.parse_replies(response(body)))
    again, _ = split(spider.parse_replies(response(body)))

    assert len(items) == len(body["replies"]) and again == []
    assert {i["parent_id"] for i in items} == {f"tinhte:p{body['parent_post']['post_id']}"}


def test_since_skips_older_posts():
    body = recorded("posts_thread_id=3441248.json")
    stamps = sorted(p["post_create_date"] for p in body["posts"] if not p["post_is_first_post"])
    since = datetime.fromtimestamp(stamps[len(stamps) // 2], UTC)
    spider = make(since=since)
    items, _ = split(spider.parse_posts(response(body), page=1, with_thread=False))

    assert len(items) == sum(1 for s in stamps if s > stamps[len(stamps) // 2])
    assert spider.crawler.stats.get_value("tinhte/older_than_since") == len(stamps) - len(items)


# --- end to end ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("tinhte")
    return crawl("demo", base / "tinhte.jsonl", WHEN, sources=["tinhte"], settings=Settings(data_dir=base / "var"))


@pytest.mark.integration
def test_demo_crawl_collects_listed_and_refreshed_threads(demo_run):
    docs = [json.loads(line) for line in demo_run.out.read_text(encoding="utf-8").splitlines()]
    listed = recorded("threads_forum_id=762.json")["threads"]
    pages = [recorded(f"posts_thread_id={t}.json") for t in THREADS]
    paged = [p for p in pages if (p.get("links") or {}).get("next")]
    stats = demo_run.per_source["tinhte"]

    assert Counter(d["kind"] for d in docs) == {
        "post": len(listed) + len(THREADS),
        "comment": sum(len(p["posts"]) - 1 for p in pages) + len(recorded(REPLIES)["replies"])}
    assert len({d["id"] for d in docs}) == len(docs)
    assert (demo_run.invalid, demo_run.duplicates, demo_run.errors) == (0, 0, 0)
    assert all(d["url"].startswith("https://tinhte.vn/") and d["platform"] == "tinhte" for d in docs)
    assert stats["tinhte/posts_unavailable"] == len(paged)  # page 2 of each paged thread is not recorded
    assert stats["tinhte/threads_unavailable"] == 1  # nor page 2 of the forum list
    assert stats["tinhte/reply_ranges"] == 1
