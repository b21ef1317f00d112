from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from core.schema import Enrichment, Kind, Post, Sentiment

NOW = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)


def make(**overrides) -> Post:
    fields = {"source": "vnexpress", "canonical_id": "c1", "url": "https://vnexpress.net/a-1.html",
              "kind": "comment", "text": "Đường ngập quá", "collected_at": NOW} | overrides
    return Post(**fields)


def test_document_round_trip_with_derived_fields():
    post = make(title="Mưa lớn", enrichment=Enrichment(normalized_text="Đường ngập quá", tokens=["Đường", "ngập"],
                                                         sentiment=Sentiment.negative, sentiment_score=0.9,
                                                         model_id="m"))
    doc = post.to_document()
    assert doc["id"] == "vnexpress:c1"
    assert doc["text_folded"] == "duong ngap qua"
    assert doc["title_folded"] == "mua lon"
    assert Post.from_document(doc) == post


def test_naive_times_are_refused_with_a_hint():
    with pytest.raises(ValidationError, match="Asia/Ho_Chi_Minh"):
        make(published_at=datetime(2026, 1, 1, 8, 0))


def test_unknown_fields_and_kinds_are_refused():
    with pytest.raises(ValidationError):
        make(kind="tweet")
    with pytest.raises(ValidationError):
        make(retweets=3)


def test_id_from_url_when_source_has_no_id():
    post = make(canonical_id=None, kind=Kind.article)
    assert post.id.startswith("vnexpress:u")
