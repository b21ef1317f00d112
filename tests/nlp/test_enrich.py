from datetime import datetime, timedelta, timezone

import pytest

from core.errors import ModelMissing
from core.schema import Post, Sentiment
from core.settings import get_settings
from nlp.enrich import enrich, text_for

WHEN = datetime(2026, 11, 30, 7, 0, tzinfo=timezone(timedelta(hours=7)))


def _post(text: str, kind: str = "comment", title: str | None = None, n: int = 0) -> Post:
    return Post(source="test", url=f"https://example.vn/{kind}/{n}", kind=kind, title=title, text=text,
                collected_at=WHEN)


POSTS = [
    _post("Thầy giảng bài rất hay, nhiệt tình :)", n=1),
    _post("Máy nóng quá, pin tụt nhanh, thất vọng", n=2),
    _post("Đường ngập sau mưa", kind="article", title="Hoà Bình: kẹt xe", n=3),
    _post("   ", n=4),
    _post("Cảm ơn anh đã phản hồi", kind="post", title="Cảm ơn anh", n=5),
]


def test_every_post_gets_an_enrichment(tiny_classifier):
    enriched = enrich(POSTS, tiny_classifier)
    assert [p.id for p in enriched] == [p.id for p in POSTS]
    first = enriched[0].enrichment
    assert first.normalized_text == "Thầy giảng bài rất hay, nhiệt tình :)"
    assert first.tokens == ["Thầy", "giảng", "bài", "rất", "hay", ",", "nhiệt_tình", ":", ")"]
    assert first.sentiment in set(Sentiment)
    assert 0.0 <= first.sentiment_score <= 1.0
    assert first.model_id == tiny_classifier.model_id == "sentiment-tiny-v0-20261130"


def test_inputs_are_not_modified(tiny_classifier):
    enrich(POSTS, tiny_classifier)
    assert all(p.enrichment is None for p in POSTS)


def test_articles_are_classified_with_their_title():
    assert text_for(POSTS[2]) == "Hòa Bình: kẹt xe. Đường ngập sau mưa"
    assert text_for(_post("Giá xăng tăng", kind="article", title="Giá xăng!")) == "Giá xăng! Giá xăng tăng"
    assert text_for(_post("Giá xăng tăng", kind="article", title="Xăng")) == "Xăng. Giá xăng tăng"
    assert text_for(_post("ý kiến của tôi", title="Headline of the parent article")) == "ý kiến của tôi"
    assert text_for(POSTS[4]) == "Cảm ơn anh đã phản hồi"  # a title the text starts with is not repeated


def test_an_empty_text_gets_no_sentiment(tiny_classifier):
    empty = enrich([POSTS[3]], tiny_classifier)[0].enrichment
    assert (empty.normalized_text, empty.tokens, empty.sentiment, empty.sentiment_score) == ("", [], None, None)


def test_deterministic_whatever_the_batching(tiny_classifier):
    documents = [p.to_document() for p in enrich(POSTS, tiny_classifier)]
    assert [p.to_document() for p in enrich(POSTS, tiny_classifier)] == documents
    assert [p.to_document() for p in enrich(iter(POSTS), tiny_classifier, batch_size=1)] == documents


def test_nothing_to_do_loads_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv("LANGNGHE_SENTIMENT_MODEL", str(tmp_path / "absent"))
    get_settings.cache_clear()
    try:
        assert enrich([]) == []
        with pytest.raises(ModelMissing, match="absent"):
            enrich(POSTS[:1])
    finally:
        get_settings.cache_clear()


def test_batch_size_must_be_positive(tiny_classifier):
    with pytest.raises(ValueError, match="batch_size"):
        enrich(POSTS, tiny_classifier, batch_size=0)
