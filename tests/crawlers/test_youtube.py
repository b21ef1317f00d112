"""YouTube Data API v3: search → videos → commentThreads → replies with pageToken paging, on the recorded
bodies (crawlers/demo/youtube/); "not configured" without a key; a demo crawl in a child process."""
from __future__ import annotations

import asyncio
import html
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
from crawlers.platforms.base import NOT_CONFIGURED
from crawlers.run import crawl
from crawlers.sources import plan_sources
from crawlers.spiders.youtube import YoutubeSourceSpider

RECORDINGS = Path(__file__).resolve().parents[2] / "crawlers" / "demo" / "youtube"
WHEN = datetime(2026, 11, 30, tzinfo=UTC)
SEARCH = ["search_videos_regionJP_page1_2019-12-06.json", "search_videos_regionJP_page2_2019-12-06.json"]
CHANNEL_THREADS = "commentThreads_allThreadsRelatedToChannelId_UC_x5XG1OV2P6uZZ5FSM9Ttw_2019-08-23.json"
VIDEO_THREADS = {"D-lhorsDlUQ": "commentThreads_videoId_D-lhorsDlUQ_2019-08.json",
                 "F1UP7wRCPH8": "commentThreads_videoId_F1UP7wRCPH8_page1_2019-12-01.json"}
REPLIES = ["comments_parentId_Ugw5zYU6n9pmIgAZWvN4AaABAg_page1_2019-12-01.json",
           "comments_parentId_Ugw5zYU6n9pmIgAZWvN4AaABAg_page2_2019-12-01.json"]


def recorded(name: str) -> dict:
    return json.loads((RECORDINGS / name).read_text(encoding="utf-8"))


def make(profile: str = "demo", key: str | None = None) -> YoutubeSourceSpider:
    plan = plan_sources(profile, ["youtube_hcm"], demo_url="http://127.0.0.1:9")[0]
    crawler = get_crawler(YoutubeSourceSpider, {"LANGNGHE_MAX_COMMENT_PAGES": 5})
    spider = YoutubeSourceSpider.from_crawler(crawler, plan=plan, collected_at=WHEN)
    spider.key = key if profile == "live" else spider.key
    return spider


def response(body: dict, method: str) -> TextResponse:
    url = f"https://www.googleapis.com/youtube/v3/{method}?key=k"
    return TextResponse(url=url, body=json.dumps(body).encode(), encoding="utf-8", request=Request(url))


def split(outputs):
    outputs = list(outputs)
    return [o for o in outputs if isinstance(o, dict)], [o for o in outputs if isinstance(o, Request)]


def query(request: Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(request.url).query).items()}


def test_search_pages_give_each_video_once_and_follow_the_page_token():
    spider = make()
    first, second = (recorded(name) for name in SEARCH)
    start = spider.search_request({"q": "surfing"})
    params = start.cb_kwargs["params"]
    items1, requests1 = split(spider.parse_search(response(first, "search"), params=params, page=1))
    items2, requests2 = split(spider.parse_search(response(second, "search"), params=params, page=2))
    ids1 = [r["id"]["videoId"] for r in first["items"]]
    ids2 = [r["id"]["videoId"] for r in second["items"]]

    assert [i["canonical_id"] for i in items1] == ids1
    assert [i["canonical_id"] for i in items2] == [v for v in ids2 if v not in ids1]  # the recording repeats one
    (following,) = requests1  # the 2019 videos are outside the comment window: no commentThreads asked
    assert query(start) == {"part": "snippet", "type": "video", "order": "date", "maxResults": "25",
                            "q": "surfing", "key": spider.key}
    assert query(following) == query(start) | {"pageToken": first["nextPageToken"]}
    assert requests2 == [] and spider.crawler.stats.get_value("youtube_hcm/page_limit_reached") == 1  # listing_pages: 2
    video = Post.model_validate(items1[0])
    snippet = first["items"][0]["snippet"]
    assert video.kind is Kind.post and video.url == f"https://www.youtube.com/watch?v={ids1[0]}"
    assert video.title == html.unescape(snippet["title"]) and video.author == snippet["channelTitle"]
    escaped = next(i for i in items1 + items2 if "&#39;" in i["raw"]["snippet"]["title"] + i["raw"]["snippet"]["description"])
    assert "&#39;" not in escaped["title"] + escaped["text"]


def test_a_video_gets_its_statistics():
    body = recorded("videos_id_D-lhorsDlUQ_2019-08-09.json")
    (item,) = list(make().parse_videos(response(body, "videos"), params={}, page=1))
    stats = body["items"][0]["statistics"]

    assert (item["likes"], item["replies"]) == (int(stats["likeCount"]), int(stats["commentCount"]))
    published = body["items"][0]["snippet"]["publishedAt"]  # "…T..:..:..(.000)Z"
    assert item["published_at"].utcoffset() == timedelta(0)
    assert item["published_at"].isoformat().replace("+00:00", "Z").startswith(published.removesuffix(".000Z")[:19])


def test_comment_threads_give_top_level_comments_and_inline_replies():
    body = recorded(VIDEO_THREADS["D-lhorsDlUQ"])
    items, requests = split(make().parse_threads(response(body, "commentThreads"), params={}, page=1))
    inline = [r for t in body["items"] for r in (t.get("replies") or {}).get("comments", [])]
    posts = [Post.model_validate(i) for i in items]

    assert requests == [] and len(posts) == len(body["items"]) + len(inline)
    top = [p for p in posts if p.parent_id == "youtube_hcm:D-lhorsDlUQ"]
    assert len(top) == len(body["items"])
    assert all(p.raw in body["items"] for p in top)  # the thread record, with its replies
    (reply,) = [p for p in posts if p.canonical_id == inline[0]["id"]]
    assert reply.parent_id == f"youtube_hcm:{inline[0]['snippet']['parentId']}"
    assert reply.url == f"https://www.youtube.com/watch?v=D-lhorsDlUQ&lc={inline[0]['id']}"
    assert reply.likes == inline[0]["snippet"]["likeCount"]


def test_missing_replies_and_the_next_page_are_requested():
    body = recorded(VIDEO_THREADS["F1UP7wRCPH8"])
    params = {"videoId": "F1UP7wRCPH8"}
    items, requests = split(make().parse_threads(response(body, "commentThreads"), params=params, page=1))
    wanting = [t["id"] for t in body["items"] if t["snippet"]["totalReplyCount"] > 0]

    assert len(items) == len(body["items"])
    replies, pages = [r for r in requests if "/comments?" in r.url], [r for r in requests if "commentThreads" in r.url]
    assert [query(r)["parentId"] for r in replies] == wanting
    assert [query(r)["pageToken"] for r in pages] == [body["nextPageToken"]] and query(pages[0])["videoId"] == "F1UP7wRCPH8"
    html_one = next(i for i in items if i["raw"]["snippet"]["topLevelComment"]["snippet"]["textDisplay"].startswith("<a"))
    assert html_one["text"] == "Google.com"


def test_reply_pages_are_followed_to_the_end():
    spider = make()
    first, second = (recorded(name) for name in REPLIES)
    params = {"parentId": "Ugw5zYU6n9pmIgAZWvN4AaABAg"}
    items1, requests1 = split(spider.parse_replies(response(first, "comments"), params=params, page=1, video="vid"))
    items2, requests2 = split(spider.parse_replies(response(second, "comments"), params=params, page=2, video="vid"))

    assert len(items1) == len(first["items"]) and len(items2) == len(second["items"])
    assert [query(r)["pageToken"] for r in requests1] == [first["nextPageToken"]] and requests2 == []
    assert requests1[0].cb_kwargs["video"] == "vid"
    assert {i["parent_id"] for i in items1 + items2} == {"youtube_hcm:Ugw5zYU6n9pmIgAZWvN4AaABAg"}


def test_a_page_with_nothing_new_ends_the_list():
    spider = make()
    body = recorded(CHANNEL_THREADS)
    items, requests = split(spider.parse_threads(response(body, "commentThreads"), params={}, page=1))
    again, more = split(spider.parse_threads(response(body, "commentThreads"), params={}, page=2))

    assert len(items) > 0 and len(requests) == 1
    assert again == [] and more == [] and spider.crawler.stats.get_value("youtube_hcm/pages_without_new_items") == 1


def test_no_key_means_not_configured_and_no_request(caplog):
    spider = make(profile="live", key=None)

    async def requests():
        return [r async for r in spider.start()]

    assert asyncio.run(requests()) == []
    assert "LANGNGHE_YOUTUBE_API_KEY" in spider.crawler.stats.get_value(NOT_CONFIGURED)
    assert "youtube_hcm is not configured" in caplog.text


def test_the_demo_profile_uses_the_placeholder_key_from_the_config():
    spider = make()
    assert spider.key == plan_sources("demo", ["youtube_hcm"], demo_url="http://x")[0].options["api_key"]


# --- end to end ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("youtube")
    return crawl("demo", base / "youtube.jsonl", WHEN, sources=["youtube_hcm"], settings=Settings(data_dir=base / "var"))


@pytest.mark.integration
def test_demo_crawl_collects_videos_threads_and_replies(demo_run):
    docs = [json.loads(line) for line in demo_run.out.read_text(encoding="utf-8").splitlines()]
    searched = {r["id"]["videoId"] for name in SEARCH for r in recorded(name)["items"]}
    thread_files = [CHANNEL_THREADS, *VIDEO_THREADS.values()]
    threads = [t for name in thread_files for t in recorded(name)["items"]]
    inline = [r for t in threads if t["snippet"]["totalReplyCount"] == len((t.get("replies") or {}).get("comments", []))
              for r in (t.get("replies") or {}).get("comments", [])]
    stats = demo_run.per_source["youtube_hcm"]

    assert Counter(d["kind"] for d in docs) == {"post": len(searched | {"D-lhorsDlUQ"}),
                                                "comment": len(threads) + len(inline)}
    assert len({d["id"] for d in docs}) == len(docs)
    assert (demo_run.invalid, demo_run.duplicates, demo_run.errors) == (0, 0, 0)
    assert "127.0.0.1" not in demo_run.out.read_text(encoding="utf-8")
    assert stats["youtube_hcm/videos_unavailable"] == 1  # videos?id=F1UP7wRCPH8 is not recorded
    assert stats["youtube_hcm/replies_unavailable"] == 1  # nor the replies of its one thread that has some
    # the channel's and F1UP7wRCPH8's threads have a next page that was not recorded (manifest.json)
    assert stats["youtube_hcm/pages_without_new_items"] == 2
    assert NOT_CONFIGURED not in stats


@pytest.mark.integration
def test_live_crawl_without_a_key_reports_not_configured_and_fails_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("LANGNGHE_YOUTUBE_API_KEY", "")
    report = crawl("live", tmp_path / "yt.jsonl", WHEN, sources=["youtube_hcm"], settings=Settings(data_dir=tmp_path))

    assert report.items == 0 and report.errors == 0
    assert "LANGNGHE_YOUTUBE_API_KEY" in report.per_source["youtube_hcm"][NOT_CONFIGURED]
    assert report.per_source["youtube_hcm"].get("downloader/request_count", 0) == 0
