"""Setup, writer and queries against the real Elasticsearch."""
from datetime import UTC, datetime, timedelta

import pytest

from core.errors import ConfigError
from core.schema import SCHEMA_VERSION, Enrichment, Post
from store import queries
from store.mappings import posts_template
from store.setup import ensure_posts_index
from store.writer import index_posts

pytestmark = pytest.mark.integration
T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
TEXTS = ["Đường Nguyễn Hữu Cảnh lại ngập sâu sau cơn mưa", "Kẹt xe kinh khủng ở vòng xoay Hàng Xanh",
         "Rác thải chất đống trên kênh Nhiêu Lộc", "Công viên mới đẹp quá, cảm ơn thành phố"]


def posts(collected=T0) -> list[Post]:
    return [Post(source="test", canonical_id=str(i), url=f"https://example.vn/{i}", kind="comment", text=text,
                 published_at=T0 + timedelta(days=i), collected_at=collected,
                 enrichment=Enrichment(normalized_text=text, sentiment="positive" if i == 3 else "negative",
                                       sentiment_score=0.8, model_id="test"))
            for i, text in enumerate(TEXTS)]


def test_setup_is_idempotent(es, settings):
    first = ensure_posts_index(es, settings)
    second = ensure_posts_index(es, settings)
    assert first.created and not second.created
    assert first.index == second.index == f"{settings.index_prefix}-posts-v{SCHEMA_VERSION}"
    assert list(es.indices.get_alias(name=first.alias).body) == [first.index]


def test_reindexing_the_same_posts_changes_nothing(es, settings):
    alias = ensure_posts_index(es, settings).alias
    assert index_posts(es, alias, posts()).created == 4
    before = {h["_id"]: (h["_version"], h["_source"]) for h in
              es.search(index=alias, size=10, version=True)["hits"]["hits"]}
    again = index_posts(es, alias, posts(collected=T0 + timedelta(hours=5)))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    after = {h["_id"]: (h["_version"], h["_source"]) for h in
             es.search(index=alias, size=10, version=True)["hits"]["hits"]}
    assert after == before  # same versions, and the first collected_at is kept


def test_changed_posts_are_updated_in_place(es, settings):
    alias = ensure_posts_index(es, settings).alias
    index_posts(es, alias, posts())
    edited = posts()
    edited[0] = edited[0].model_copy(update={"text": "Đường Nguyễn Hữu Cảnh đã hết ngập"})
    report = index_posts(es, alias, edited)
    assert (report.updated, report.unchanged) == (1, 3)
    assert queries.count_posts(es, alias) == 4


def test_failures_are_reported_per_document(es, settings):
    alias = ensure_posts_index(es, settings).alias
    index_posts(es, alias, posts()[:2])
    es.indices.put_settings(index=alias, settings={"index.blocks.write": True})
    try:
        report = index_posts(es, alias, posts(), refresh=False)
    finally:
        es.indices.put_settings(index=alias, settings={"index.blocks.write": False})
    assert report.created == 0 and len(report.failed) == 4
    assert {f["id"] for f in report.failed} == {"test:0", "test:1", "test:2", "test:3"}
    assert all(f["status"] == 403 for f in report.failed)


def test_search_with_and_without_diacritics(es, settings):
    alias = ensure_posts_index(es, settings).alias
    index_posts(es, alias, posts())
    for query in ("ngập", "ngap", "NGẬP sâu", "nguyen huu canh"):
        result = queries.search_posts(es, alias, query)
        assert [h.id for h in result.hits] == ["test:0"], query
    assert queries.search_posts(es, alias, "ket xe").hits[0].id == "test:1"
    assert queries.search_posts(es, alias, "không có gì").total == 0
    everything = queries.search_posts(es, alias, None)
    assert everything.total == 4 and everything.hits[0].id == "test:3"  # newest first


def test_aggregations(es, settings):
    alias = ensure_posts_index(es, settings).alias
    index_posts(es, alias, posts())
    assert queries.sentiment_breakdown(es, alias) == {"negative": 3, "positive": 1}
    volume = queries.volume_over_time(es, alias, "day")
    assert sum(row["count"] for row in volume) == 4 and {row["kind"] for row in volume} == {"comment"}
    assert not queries.has_demo_data(es, alias)


def test_schema_version_change_migrates_behind_the_alias(es, settings):
    alias = settings.index_alias("posts")
    old = f"{alias}-v0"
    es.indices.create(index=old, mappings=posts_template(settings.index_prefix)["template"]["mappings"],
                      aliases={alias: {"is_write_index": True}})
    index_posts(es, alias, posts())
    report = ensure_posts_index(es, settings)
    assert report.migrated_from == old and report.copied == 4
    assert list(es.indices.get_alias(name=alias).body) == [report.index]
    assert queries.count_posts(es, alias) == 4


def test_drifted_live_mapping_is_refused_with_a_hint(es, settings):
    index = f"{settings.index_alias('posts')}-v{SCHEMA_VERSION}"
    es.indices.create(index=index, mappings={"properties": {"text": {"type": "keyword"}}})
    with pytest.raises(ConfigError, match="differs"):
        ensure_posts_index(es, settings)


def test_drop_prefix_removes_every_index_and_the_template(es, settings):
    alias = settings.index_alias("posts")
    es.indices.create(index=f"{alias}-v0")
    ensure_posts_index(es, settings)
    from store.setup import drop_prefix

    assert sorted(drop_prefix(es, settings.index_prefix)) == [f"{alias}-v0", f"{alias}-v{SCHEMA_VERSION}"]
    assert not es.indices.exists(index=f"{settings.index_prefix}-*", allow_no_indices=False)
    assert not es.indices.exists_index_template(name=alias)
