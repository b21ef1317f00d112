"""The documents every stage shares: crawlers fill them, nlp enriches them, store indexes them.

Each field declares its Elasticsearch type next to its Python type (``es(...)``); the
index mapping in ``store/templates/posts.json`` is derived from these classes and a test
fails when the two drift. Bump ``SCHEMA_VERSION`` when the mapping changes: the store
then creates a new versioned index behind the same alias.
"""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator

from core.folding import fold
from core.ids import post_id

SCHEMA_VERSION = 2


def es(type_: str, **options: Any) -> dict[str, Any]:
    """Field metadata carrying the field's Elasticsearch mapping."""
    return {"es": {"type": type_, **options}}


class Kind(StrEnum):
    article = "article"
    comment = "comment"
    post = "post"


class Sentiment(StrEnum):
    negative = "negative"
    neutral = "neutral"
    positive = "positive"


class Urgency(StrEnum):
    high = "high"      # danger to life, health or property now
    medium = "medium"
    low = "low"


class LegalType(StrEnum):
    """The legal kind of a citizen submission (Vietnamese law on reception of citizens)."""

    phan_anh = "phan_anh"      # phản ánh: reports a problem
    kien_nghi = "kien_nghi"    # kiến nghị: proposes a change
    khieu_nai = "khieu_nai"    # khiếu nại: complaint against an administrative decision
    to_cao = "to_cao"          # tố cáo: denunciation of wrongdoing


class Toxicity(StrEnum):
    clean = "clean"
    offensive = "offensive"
    hate = "hate"


class GeoPoint(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Place(BaseModel):
    """A place in Ho Chi Minh City mentioned by a text, resolved to the ward-level units in force
    since 1 July 2025, keeping the old (pre-merger) unit it was named by."""

    model_config = ConfigDict(extra="forbid")

    mention: str = Field(json_schema_extra=es("keyword"), description="the words of the text that name the place")
    ward_code: str | None = Field(default=None, json_schema_extra=es("keyword"),
                                  description="code of the ward/commune/special zone in force since 2025-07-01")
    ward: str | None = Field(default=None, json_schema_extra=es("keyword"), description="its name, e.g. 'Phường Sài Gòn'")
    old_ward: str | None = Field(default=None, json_schema_extra=es("keyword"), description="pre-2025 ward/commune named")
    old_district: str | None = Field(default=None, json_schema_extra=es("keyword"), description="pre-2025 district named")
    street: str | None = Field(default=None, json_schema_extra=es("keyword"))
    alley: str | None = Field(default=None, json_schema_extra=es("keyword"), description="alley number, e.g. '45/12'")


class Enrichment(BaseModel):
    """What the NLP stage adds to a post. Deterministic for a given model, so re-runs are no-ops."""

    model_config = ConfigDict(extra="forbid")

    normalized_text: str = Field(json_schema_extra=es("text", analyzer="standard"))
    tokens: list[str] = Field(default_factory=list, json_schema_extra=es("keyword"),
                              description="pyvi word segments, multi-syllable words joined by '_'")
    sentiment: Sentiment | None = Field(default=None, json_schema_extra=es("keyword"))
    sentiment_score: float | None = Field(default=None, json_schema_extra=es("float"))
    model_id: str | None = Field(default=None, json_schema_extra=es("keyword"), description="the sentiment model")
    language: str | None = Field(default=None, json_schema_extra=es("keyword"), description="ISO 639-1 code, e.g. 'vi'")
    language_score: float | None = Field(default=None, json_schema_extra=es("float"))
    topic: str | None = Field(default=None, json_schema_extra=es("keyword"), description="key of the city taxonomy")
    topic_score: float | None = Field(default=None, json_schema_extra=es("float"))
    complaint: bool | None = Field(default=None, json_schema_extra=es("boolean"),
                                   description="something a complaint officer could act on")
    complaint_score: float | None = Field(default=None, json_schema_extra=es("float"))
    urgency: Urgency | None = Field(default=None, json_schema_extra=es("keyword"))
    urgency_score: float | None = Field(default=None, json_schema_extra=es("float"))
    legal_type: LegalType | None = Field(default=None, json_schema_extra=es("keyword"))
    toxicity: Toxicity | None = Field(default=None, json_schema_extra=es("keyword"))
    toxicity_score: float | None = Field(default=None, json_schema_extra=es("float"))
    spam: bool | None = Field(default=None, json_schema_extra=es("boolean"))
    spam_score: float | None = Field(default=None, json_schema_extra=es("float"))
    places: list[Place] = Field(default_factory=list)
    ward_codes: list[str] = Field(default_factory=list, json_schema_extra=es("keyword"),
                                  description="ward codes of ``places``, flat for aggregations")
    model_ids: list[str] = Field(default_factory=list, json_schema_extra=es("keyword"),
                                 description="every model that produced a field above")


class Post(BaseModel):
    """One public text: a news article, a comment on it, or a social post."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1, json_schema_extra=es("keyword"),
                        description="source name from the source config, e.g. 'vnexpress'")
    canonical_id: str | None = Field(default=None, json_schema_extra=es("keyword"),
                                     description="the source's own id of the item")
    url: str = Field(min_length=1, json_schema_extra=es("keyword"))
    kind: Kind = Field(json_schema_extra=es("keyword"))
    platform: str | None = Field(default=None, json_schema_extra=es("keyword"),
                                 description="kind of site: news_comments, xenforo, reddit, youtube, facebook, rss, …")
    author: str | None = Field(default=None, json_schema_extra=es("keyword"),
                               description="author handle or display name as the source shows it")
    title: str | None = Field(default=None, json_schema_extra=es("text", analyzer="standard"))
    text: str = Field(json_schema_extra=es("text", analyzer="standard"))
    published_at: datetime | None = Field(default=None, json_schema_extra=es("date"))
    collected_at: datetime = Field(json_schema_extra=es("date"),
                                   description="when the item was first collected (the run's interval end)")
    parent_id: str | None = Field(default=None, json_schema_extra=es("keyword"),
                                  description="document id of the article or comment this replies to")
    language: str | None = Field(default=None, json_schema_extra=es("keyword"))
    likes: int | None = Field(default=None, json_schema_extra=es("integer"), description="likes/upvotes the source shows")
    replies: int | None = Field(default=None, json_schema_extra=es("integer"), description="reply count the source shows")
    location: GeoPoint | None = Field(default=None, json_schema_extra=es("geo_point"), description="coordinates given by the source")
    demo: bool = Field(default=False, json_schema_extra=es("boolean"),
                       description="true for recorded pages served by the demo profile")
    raw: dict[str, Any] = Field(default_factory=dict, json_schema_extra=es("object", enabled=False),
                                description="the source's original record, kept for re-processing")
    enrichment: Enrichment | None = None

    @field_validator("published_at", "collected_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("times must carry a time zone (use Asia/Ho_Chi_Minh for local times)")
        return value

    @computed_field(json_schema_extra=es("keyword"))  # type: ignore[prop-decorator]
    @property
    def id(self) -> str:
        return post_id(self.source, self.canonical_id, self.url)

    @computed_field(json_schema_extra=es("text", analyzer="standard"))  # type: ignore[prop-decorator]
    @property
    def title_folded(self) -> str | None:
        return fold(self.title) if self.title else None

    @computed_field(json_schema_extra=es("text", analyzer="standard"))  # type: ignore[prop-decorator]
    @property
    def text_folded(self) -> str:
        return fold(self.text)

    def to_document(self) -> dict[str, Any]:
        """The JSON document as indexed (ids, folded fields and all)."""
        return self.model_dump(mode="json")

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> Post:
        derived = {"id", "title_folded", "text_folded"}
        return cls.model_validate({k: v for k, v in doc.items() if k not in derived})
