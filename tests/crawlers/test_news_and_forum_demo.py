"""Tuổi Trẻ, Thanh Niên, Dân Trí, voz and a feed-only source, each crawled by its real spider in a
child process from the demo server on loopback; then again from their watermark."""
from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.settings import Settings
from crawlers.dates import VIETNAM
from crawlers.run import crawl

pytestmark = pytest.mark.integration
WHEN = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)
SOURCES = ["tuoitre", "thanhnien", "dantri", "voz", "vnexpress_rss"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    base = tmp_path_factory.mktemp("news-forum")
    report = crawl("demo", base / "out.jsonl", WHEN, sources=SOURCES, settings=Settings(data_dir=base / "var"))
    docs = [json.loads(line) for line in report.out.read_text(encoding="utf-8").splitlines()]
    return report, {name: [d for d in docs if d["source"] == name] for name in SOURCES}


def by_id(docs: list[dict]) -> dict[str, dict]:
    return {d["id"]: d for d in docs}


def test_every_source_yields_valid_demo_posts_with_real_urls(run):
    report, docs = run
    assert report.invalid == report.errors == report.duplicates == 0
    assert {name: len(d) for name, d in docs.items()} == {"tuoitre": 8, "thanhnien": 6, "dantri": 5, "voz": 7,
                                                          "vnexpress_rss": 1}
    text = report.out.read_text(encoding="utf-8")
    assert "127.0.0.1" not in text
    assert all(d["demo"] and d["collected_at"] == "2026-11-30T00:00:00Z" for ds in docs.values() for d in ds)


def test_tuoitre_comment_pages_inline_replies_and_keyword_scope(run):
    report, docs = run
    found = by_id(docs["tuoitre"])
    article = found["tuoitre:20251128103015234"]
    assert article["kind"] == "article" and article["author"] == "MINH HÒA" and article["platform"] == "news_comments"
    assert article["published_at"] == "2025-11-28T10:30:00+07:00"
    assert article["url"] == "https://tuoitre.vn/mua-lon-gay-ngap-nhieu-tuyen-duong-o-tp-hcm-20251128103015234.htm"
    parents = Counter(d["parent_id"] for d in docs["tuoitre"] if d["kind"] == "comment")
    assert parents == {"tuoitre:20251128103015234": 5, "tuoitre:c7001": 2}  # two pages of 3 + 2, two replies
    assert found["tuoitre:c7001"]["likes"] == 12
    stats = report.per_source["tuoitre"]
    assert stats["scope/out_of_scope"] == 1  # the Hà Nội article
    assert "tuoitre:20251128090000111" not in found


def test_thanhnien_sitemap_paged_replies_and_relative_times(run):
    _, docs = run
    found = by_id(docs["thanhnien"])
    assert found["thanhnien:185251128093012345"]["title"].startswith("Kẹt xe kéo dài")
    served = datetime(2025, 11, 28, 9, 0, tzinfo=UTC)  # the recording's Date header
    assert datetime.fromisoformat(found["thanhnien:c90011"]["published_at"]) == datetime(2025, 11, 28, 10, 0, tzinfo=VIETNAM)
    assert datetime.fromisoformat(found["thanhnien:c90022"]["published_at"]) == served  # "vừa xong"
    assert [d["id"] for d in docs["thanhnien"] if d["parent_id"] == "thanhnien:c90011"] == \
        ["thanhnien:c90021", "thanhnien:c90022"]


def test_dantri_relative_dates_and_inline_reply(run):
    _, docs = run
    found = by_id(docs["dantri"])
    assert found["dantri:c55501"]["published_at"] == "2025-11-28T14:30:00+07:00"  # "hôm qua lúc 14:30"
    assert found["dantri:c55502"]["published_at"] == "2025-11-28T13:00:00+07:00"  # "20 giờ trước"
    assert found["dantri:c55504"]["parent_id"] == "dantri:c55501"


def test_voz_listing_thread_pages_and_quotes(run):
    report, docs = run
    found = by_id(docs["voz"])
    opener = found["voz:t464528"]
    assert opener["kind"] == "post" and opener["title"].startswith("CLB chứng khoán") and opener["platform"] == "xenforo"
    comments = [d for d in docs["voz"] if d["kind"] == "comment"]
    assert len(comments) == 6 and {d["parent_id"] for d in comments} == {"voz:t464528"}
    quoted = found["voz:p18378720"]
    assert quoted["raw"]["quotes"] and quoted["raw"]["quotes"][0]["text"] not in quoted["text"]
    assert found["voz:p18378721"]["url"].endswith("/post-18378721")
    stats = report.per_source["voz"]
    assert stats["voz/threads_sticky_skipped"] == 4 and stats["voz/threads_unavailable"] == 2
    assert stats["voz/threads_over_budget"] == 18  # max_threads: 2 in the demo profile


def test_feed_only_source_needs_no_code(run):
    _, docs = run
    (entry,) = docs["vnexpress_rss"]
    assert entry["url"] == "https://vnexpress.net/israel-noi-got-my-roi-hoi-dong-nhan-quyen-lhq-4846612.html"
    assert entry["platform"] == "rss" and entry["published_at"] == "2025-02-06T13:30:48Z"
    assert entry["text"].startswith("Ngoại trưởng Israel")


def test_robots_txt_is_fetched_and_obeyed(run):
    report, _ = run
    assert all(s["robotstxt/response_status_count/200"] >= 1 for s in report.per_source.values())


def test_a_second_crawl_from_the_watermark_yields_nothing_new(run, tmp_path):
    report, docs = run
    since = {name: max(datetime.fromisoformat(d["published_at"]) for d in docs[name]) for name in SOURCES}
    again = crawl("demo", tmp_path / "again.jsonl", WHEN, sources=SOURCES, settings=Settings(data_dir=tmp_path / "var"),
                  since=since)
    assert again.items == 0
    assert sum(s.get("incremental/old", 0) for s in again.per_source.values()) > 0
    assert again.per_source["voz"]["voz/threads_unchanged"] > 0  # listing rows older than the watermark: not fetched


def test_a_backfill_bound_keeps_only_newer_items(run, tmp_path):
    bound = datetime(2025, 11, 28, 12, 0, tzinfo=VIETNAM)
    report = crawl("demo", tmp_path / "backfill.jsonl", WHEN, sources=["tuoitre"],
                   settings=Settings(data_dir=tmp_path / "var"), since={"tuoitre": bound})
    docs = [json.loads(line) for line in Path(report.out).read_text(encoding="utf-8").splitlines()]
    assert docs and all(datetime.fromisoformat(d["published_at"]) > bound for d in docs)
    assert {d["id"] for d in docs} == {"tuoitre:c7006", "tuoitre:c7007"}


def test_the_page_budget_closes_the_crawl_cleanly_and_marks_it_partial(tmp_path):
    from crawlers.report import status_of

    report = crawl("demo", tmp_path / "budget.jsonl", WHEN, sources=["voz"],
                   settings=Settings(data_dir=tmp_path / "var", max_pages_per_run=2))
    stats = report.per_source["voz"]
    assert stats["finish_reason"] == "closespider_pagecount"
    assert stats["downloader/response_count"] <= 4  # the budget, plus responses already in flight
    assert status_of(stats, crawl_errors=0, index_failed=0) == "partial"


def test_the_http_cache_revalidates_with_conditional_requests(tmp_path):
    import socket

    with socket.socket() as sock:  # a fixed demo port, so the second run asks for the same URLs
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = Settings(data_dir=tmp_path / "var", demo_port=port)
    first = crawl("demo", tmp_path / "one.jsonl", WHEN, sources=["dantri"], settings=settings)
    second = crawl("demo", tmp_path / "two.jsonl", WHEN, sources=["dantri"], settings=settings)

    assert first.per_source["dantri"]["httpcache/store"] >= 3
    assert second.per_source["dantri"]["httpcache/revalidate"] >= 3  # answered 304, served from the cache
    assert second.out.read_bytes() == first.out.read_bytes()
    assert (tmp_path / "var" / "httpcache" / "demo").is_dir()
