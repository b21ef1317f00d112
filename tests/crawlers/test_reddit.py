"""Reddit: listings, comment trees, `more` stubs and depth, on the recorded API bodies (crawlers/demo/reddit/),
parsed in process and crawled end to end from the demo server in a child process."""
from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy.http import Request, TextResponse
from scrapy.utils.test import get_crawler

from core.schema import Kind, Post
from core.settings import Settings
from crawlers.run import crawl
from crawlers.sources import plan_sources
from crawlers.spiders.reddit import RedditSourceSpider

RECORDINGS = Path(__file__).resolve().parents[2] / "crawlers" / "demo" / "reddit"
WHEN = datetime(2026, 11, 30, tzinfo=UTC)
TREES = {"fjn0j9": "comments_fjn0j9_r_pics_2020-07-11.json", "3hahrw": "comments_3hahrw_limit10_r_funny_2017-03-16.json",
         "6otocc": "comments_6otocc_deep_chain_2020-07-05.json"}
LISTING = "r_askreddit_new_limit100_2020-07-10.json"


def recorded(name: str):
    return json.loads((RECORDINGS / name).read_text(encoding="utf-8"))


def tree_census(children: list[dict]) -> tuple[list[dict], list[dict]]:
    """Every t1 comment and every `more` stub of a recorded tree, walked independently of the spider."""
    comments, stubs = [], []
    for child in children:
        if child["kind"] == "more":
            stubs.append(child["data"])
        elif child["kind"] == "t1":
            comments.append(child["data"])
            if isinstance(child["data"]["replies"], dict):
                more_comments, more_stubs = tree_census(child["data"]["replies"]["data"]["children"])
                comments += more_comments
                stubs += more_stubs
    return comments, stubs


def stub_requests(stub: dict) -> int:
    """Requests a stub needs: one permalink for "continue this thread", else one per 100 child ids."""
    return 1 if stub["id"] == "_" else -(-len(stub["children"]) // 100)


def make(collected_at: datetime = WHEN, since: datetime | None = None, **config) -> RedditSourceSpider:
    plan = plan_sources("demo", ["reddit_vietnam"], demo_url="http://127.0.0.1:9")[0]
    spider = RedditSourceSpider.from_crawler(get_crawler(RedditSourceSpider), plan=plan, collected_at=collected_at,
                                             since=since)
    spider.config = Settings(**config)
    return spider


def response(body, url: str = "https://www.reddit.com/comments/x.json") -> TextResponse:
    return TextResponse(url=url, body=json.dumps(body).encode(), encoding="utf-8", request=Request(url))


def split(outputs):
    outputs = list(outputs)
    return [o for o in outputs if isinstance(o, dict)], [o for o in outputs if isinstance(o, Request)]


def test_a_comment_tree_gives_the_post_and_every_comment_with_its_parent():
    body = recorded(TREES["fjn0j9"])
    comments, stubs = tree_census(body[1]["data"]["children"])
    items, requests = split(make().parse_tree(response(body), with_post=True))
    posts = [Post.model_validate(i) for i in items]

    assert stubs == [] and requests == []
    assert Counter(p.kind for p in posts) == {Kind.post: 1, Kind.comment: len(comments)}
    ids = {p.id for p in posts}
    assert all(p.parent_id in ids for p in posts if p.kind is Kind.comment)  # the tree is closed
    post = posts[0]
    assert post.id == "reddit_vietnam:t3_fjn0j9" and post.platform == "reddit"
    assert post.title == "IMPORTANT PSA: No, you did not win a gift card."
    assert post.url.startswith("https://www.reddit.com/r/pics/comments/fjn0j9/")
    assert post.replies == body[0]["data"]["children"][0]["data"]["num_comments"]
    assert post.raw == body[0]["data"]["children"][0]
    deepest = max(comments, key=lambda c: c["depth"])
    doc = next(p for p in posts if p.canonical_id == deepest["name"])
    assert doc.parent_id == f"reddit_vietnam:{deepest['parent_id']}" and doc.likes == deepest["score"]
    assert doc.published_at == datetime.fromtimestamp(deepest["created_utc"], UTC)
    assert doc.raw["data"]["body"] == deepest["body"] and "replies" not in doc.raw["data"]


def test_more_stubs_become_morechildren_requests_within_the_budget():
    body = recorded(TREES["3hahrw"])
    comments, stubs = tree_census(body[1]["data"]["children"])
    spider = make(reddit_max_more_requests=10)
    items, requests = split(spider.parse_tree(response(body), with_post=True))
    needed = sum(stub_requests(s) for s in stubs)

    assert len(items) == 1 + len(comments)
    assert len(stubs) == 11 and needed == 12  # the top-level stub lists 156 ids: two batches of at most 100
    assert len(requests) == 10
    stats = spider.crawler.stats
    assert stats.get_value("reddit_vietnam/more_stubs") == len(stubs)
    assert stats.get_value("reddit_vietnam/more_over_budget") == needed - 10
    asked = [parse_qs(urlsplit(r.url).query) for r in requests]
    assert all(urlsplit(r.url).path == "/api/morechildren.json" for r in requests)
    assert all(q["link_id"] == ["t3_3hahrw"] and q["api_type"] == ["json"] for q in asked)
    first = next(s for s in stubs if s["children"])
    assert asked[0]["children"] == [",".join(first["children"])]
    assert all(len(q["children"][0].split(",")) <= 100 for q in asked)


def test_the_continue_this_thread_stub_is_fetched_through_its_parents_permalink():
    body = recorded(TREES["6otocc"])
    comments, stubs = tree_census(body[1]["data"]["children"])
    spider = make()
    items, requests = split(spider.parse_tree(response(body), with_post=False))

    assert [s["id"] for s in stubs] == ["_"] and len(items) == len(comments) == 10
    assert [i["raw"]["data"]["depth"] for i in items] == list(range(10))
    (request,) = requests
    parent = stubs[0]["parent_id"].removeprefix("t1_")
    assert urlsplit(request.url).path == f"/comments/6otocc/_/{parent}.json"
    # the permalink answers a tree of the same shape; comments already seen are not repeated
    again, _ = split(spider.parse_continued(response(body), link_id="t3_6otocc"))
    assert again == []
    fresh, _ = split(make().parse_continued(response(body), link_id="t3_6otocc"))
    assert len(fresh) == 10


def test_a_listing_gives_posts_and_the_next_page():
    body = recorded(LISTING)
    items, requests = split(make().parse_listing(response(body), feed="https://www.reddit.com/r/VietNam/new.json",
                                                 seen=0, page=1))
    (following,) = requests
    query = parse_qs(urlsplit(following.url).query)

    assert len(items) == len(body["data"]["children"]) == 100
    assert all(Post.model_validate(i).kind is Kind.post for i in items)
    assert query["after"] == [body["data"]["after"]] and query["count"] == ["100"] and query["raw_json"] == ["1"]


def test_recent_listed_posts_get_their_comment_trees():
    body = recorded(LISTING)
    newest = max(c["data"]["created_utc"] for c in body["data"]["children"])
    spider = make(collected_at=datetime.fromtimestamp(newest, UTC) + timedelta(hours=1))
    _, requests = split(spider.parse_listing(response(body), feed="https://www.reddit.com/r/VietNam/new.json",
                                             seen=0, page=1))
    trees = [r for r in requests if "/comments/" in r.url]

    assert len(trees) == sum(1 for c in body["data"]["children"] if c["data"]["num_comments"])
    assert all(urlsplit(r.url).path.startswith("/r/AskReddit/comments/") for r in trees)
    assert all(r.cb_kwargs == {"with_post": False} for r in trees)


def test_since_skips_older_posts_and_stops_paging():
    body = recorded(LISTING)
    times = sorted(c["data"]["created_utc"] for c in body["data"]["children"])
    since = datetime.fromtimestamp(times[60], UTC)
    spider = make(since=since)
    items, _ = split(spider.parse_listing(response(body), feed="https://www.reddit.com/r/VietNam/new.json",
                                          seen=0, page=1))

    assert len(items) == sum(1 for t in times if t > times[60])
    assert spider.crawler.stats.get_value("reddit_vietnam/older_than_since") == 100 - len(items)

    everything_old = make(since=datetime.fromtimestamp(times[-1], UTC))
    items, requests = split(everything_old.parse_listing(response(body), feed="https://x/r/a/new.json", seen=0, page=1))
    assert items == [] and requests == []


def test_live_requests_keep_to_reddits_rate():
    plan = plan_sources("live", ["reddit_vietnam"])[0]
    spider = RedditSourceSpider.from_crawler(get_crawler(RedditSourceSpider), plan=plan, collected_at=WHEN)
    assert spider.download_delay >= Settings().reddit_request_interval >= 6


# --- end to end: the demo server, a crawl in a child process -------------------------------


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("reddit")
    settings = Settings(data_dir=base / "var")
    return [crawl("demo", base / f"run{n}" / "reddit.jsonl", WHEN, sources=["reddit_vietnam", "reddit_saigon"],
                  settings=settings) for n in (1, 2)]


@pytest.mark.integration
def test_demo_crawl_collects_the_listing_and_the_recorded_trees(runs):
    every = [json.loads(line) for line in runs[0].out.read_text(encoding="utf-8").splitlines()]
    docs = [d for d in every if d["source"] == "reddit_vietnam"]
    trees = [recorded(name) for name in TREES.values()]
    censuses = [tree_census(tree[1]["data"]["children"]) for tree in trees]
    stubs = [stub for _, tree_stubs in censuses for stub in tree_stubs]
    per_tree = [min(sum(stub_requests(s) for s in tree_stubs), Settings().reddit_max_more_requests)
                for _, tree_stubs in censuses]
    stats = runs[0].per_source["reddit_vietnam"]

    assert Counter(d["kind"] for d in docs) == {
        "post": len(recorded(LISTING)["data"]["children"]) + len(TREES),
        "comment": sum(len(comments) for comments, _ in censuses)}
    assert len({d["id"] for d in every}) == len(every)
    assert (runs[0].invalid, runs[0].duplicates, runs[0].errors) == (0, 0, 0)
    assert all(d["demo"] and d["platform"] == "reddit" and d["url"].startswith("https://www.reddit.com/") for d in every)
    assert stats["reddit_vietnam/more_stubs"] == len(stubs)
    assert stats["reddit_vietnam/more_requests"] == sum(per_tree)
    assert stats["reddit_vietnam/more_unavailable"] == sum(per_tree)  # no /api/morechildren body is recorded
    assert stats["reddit_vietnam/listing_unavailable"] == 1  # page 2 of the listing is not recorded


@pytest.mark.integration
def test_the_2026_listing_schema_is_read_too(runs):
    every = [json.loads(line) for line in runs[0].out.read_text(encoding="utf-8").splitlines()]
    saigon = [d for d in every if d["source"] == "reddit_saigon"]
    listing = recorded("r_popular_hot_limit100_2026-04-13.json")["data"]["children"]

    assert sorted(d["canonical_id"] for d in saigon) == sorted(c["data"]["name"] for c in listing)
    assert {d["kind"] for d in saigon} == {"post"}  # posts of April 2026 are outside the comment window


@pytest.mark.integration
def test_a_second_demo_crawl_is_byte_identical(runs):
    assert runs[0].out.read_bytes() == runs[1].out.read_bytes()
