"""The one-job pipelines: validate counts bad fields, dedupe counts repeats, spool never leaves a
half-written file that looks complete."""
from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from core.errors import ConfigError
from core.schema import Post
from crawlers.pipelines.dedupe import DedupePipeline
from crawlers.pipelines.spool import SpoolPipeline
from crawlers.pipelines.validate import ValidatePipeline

WHEN = datetime(2026, 11, 30, tzinfo=UTC)


def item(**overrides) -> dict:
    return {"source": "vnexpress", "canonical_id": "c1", "url": "https://vnexpress.net/a-1.html#comment-1",
            "kind": "comment", "text": "Kẹt xe quá", "published_at": WHEN, "collected_at": WHEN, **overrides}


@pytest.fixture
def stats():
    return get_crawler().stats


def test_validate_builds_the_post(stats):
    post = ValidatePipeline(stats).process_item(item())
    assert isinstance(post, Post) and post.id == "vnexpress:c1"


def test_validate_counts_each_bad_field_and_says_why(stats):
    pipeline = ValidatePipeline(stats)
    with pytest.raises(DropItem, match=r"invalid vnexpress comment c1: published_at: .*time zone"):
        pipeline.process_item(item(published_at=datetime(2021, 1, 1)))
    with pytest.raises(DropItem, match="kind"):
        pipeline.process_item(item(kind="tweet", text=None))

    assert stats.get_value("invalid/published_at") == 1
    assert stats.get_value("invalid/kind") == stats.get_value("invalid/text") == 1
    assert stats.get_value("validate/invalid") == 2


def test_dedupe_drops_and_counts_repeats(stats):
    pipeline = DedupePipeline(stats)
    first = Post.model_validate(item())
    assert pipeline.process_item(first) is first
    pipeline.process_item(Post.model_validate(item(canonical_id="c2")))
    with pytest.raises(DropItem, match="duplicate vnexpress:c1"):
        pipeline.process_item(Post.model_validate(item(text="same id, edited")))
    assert stats.get_value("dedupe/duplicates") == 1


def test_spool_renames_a_sorted_file_into_place_only_at_close(tmp_path, stats):
    pipeline = SpoolPipeline(tmp_path, "vnexpress", stats)
    pipeline.open_spider()
    for cid in ["c3", "c1", "c2"]:
        pipeline.process_item(Post.model_validate(item(canonical_id=cid)))

    assert not (tmp_path / "vnexpress.jsonl").exists()
    assert len((tmp_path / "vnexpress.jsonl.part").read_text(encoding="utf-8").splitlines()) == 3  # flushed
    pipeline.close_spider()

    lines = (tmp_path / "vnexpress.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["vnexpress:c1", "vnexpress:c2", "vnexpress:c3"]
    assert json.loads(lines[0]) == Post.model_validate(item()).to_document()
    assert "Kẹt xe" in lines[0]  # UTF-8, not \u escapes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vnexpress.jsonl"]
    assert stats.get_value("spool/written") == 3


def test_spool_needs_a_spool_dir():
    with pytest.raises(ConfigError, match="LANGNGHE_SPOOL_DIR"):
        SpoolPipeline.from_crawler(get_crawler())
