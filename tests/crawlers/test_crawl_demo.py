"""End to end: ``crawl(profile="demo")`` runs the real spider, in a child process, against the demo server."""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.errors import ConfigError, CrawlFailed, InvalidInput
from core.schema import Post
from crawlers.run import CrawlReport, crawl, report_path

ROOT = Path(__file__).resolve().parents[2]
WHEN = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> list[CrawlReport]:
    base = tmp_path_factory.mktemp("demo-crawl")
    return [crawl("demo", base / f"run{n}" / "vnexpress.jsonl", WHEN, sources=["vnexpress"]) for n in (1, 2)]


@pytest.fixture(scope="module")
def docs(runs) -> list[dict]:
    return [json.loads(line) for line in runs[0].out.read_text(encoding="utf-8").splitlines()]


@pytest.mark.integration
def test_demo_crawl_has_the_article_its_comments_and_replies(docs):
    kinds = Counter(d["kind"] for d in docs)
    parents = Counter(d["parent_id"] for d in docs if d["kind"] == "comment")

    assert len(docs) == 80 and kinds == {"article": 1, "comment": 79}
    assert parents == {"vnexpress:4219024": 76, "vnexpress:c38384616": 3}
    article = next(d for d in docs if d["kind"] == "article")
    assert article["id"] == "vnexpress:4954454" and article["author"] == "Lê Phương"


@pytest.mark.integration
def test_every_document_is_a_valid_demo_post_with_real_urls(runs, docs):
    assert len({d["id"] for d in docs}) == len(docs)
    for doc in docs:
        post = Post.from_document(doc)
        assert post.to_document() == doc
        assert post.demo is True and post.collected_at == WHEN and post.language == "vi"
        assert post.url.startswith(("https://vnexpress.net/", "https://usi-saas.vnexpress.net/"))
    assert "127.0.0.1" not in runs[0].out.read_text(encoding="utf-8")


@pytest.mark.integration
def test_report_counts(runs):
    report = runs[0]
    stats = report.per_source["vnexpress"]

    assert (report.items, report.invalid, report.duplicates, report.errors) == (80, 0, 0, 0)
    assert stats["finish_reason"] == "finished"
    assert stats["vnexpress/comments_unavailable"] == 1  # article 4954454: no comments recorded
    assert stats["vnexpress/replies_unavailable"] == 5  # only one reply thread is recorded
    assert CrawlReport.from_file(report_path(report.out)) == report
    assert "80 documents" in report.summary()


@pytest.mark.integration
def test_a_second_crawl_is_byte_identical_and_leaves_no_temp_files(runs):
    first, second = runs
    assert first.out.read_bytes() == second.out.read_bytes()
    assert sorted(p.name for p in second.out.parent.iterdir()) == ["vnexpress.jsonl", "vnexpress.report.json"]


@pytest.mark.integration
def test_a_failing_crawl_raises_with_the_log_tail(tmp_path):
    (tmp_path / "taken").write_text("a file, not a folder")
    with pytest.raises(CrawlFailed, match="exited with status 1(.|\n)*FileExistsError"):
        crawl("demo", tmp_path / "taken" / "out.jsonl", WHEN)


def test_bad_arguments_fail_before_any_crawl(tmp_path):
    with pytest.raises(InvalidInput, match="time zone"):
        crawl("demo", tmp_path / "x.jsonl", datetime(2026, 11, 30))
    with pytest.raises(InvalidInput, match="profile"):
        crawl("staging", tmp_path / "x.jsonl", WHEN)
    with pytest.raises(ConfigError, match="unknown source"):
        crawl("demo", tmp_path / "x.jsonl", WHEN, sources=["nope"])
    assert list(tmp_path.iterdir()) == []


def test_importing_the_runner_stays_light():
    code = "import sys, crawlers.run; print(sorted(m for m in ('scrapy', 'twisted', 'yaml') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
