"""The documents of triage: cases, incidents and the audit trail.

Like ``core.schema``, every field declares its Elasticsearch type (``es(...)``); the mappings
of ``<prefix>-cases``, ``<prefix>-incidents`` and ``<prefix>-audit`` are derived from these
classes (``store.mappings.mapping_for``). Bump ``CASES_SCHEMA_VERSION`` when one changes: the
store then creates new versioned indices behind the same aliases.
"""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.schema import LegalType, Place, Urgency, es

CASES_SCHEMA_VERSION = 1


class CaseStatus(StrEnum):
    new = "new"
    assigned = "assigned"
    in_progress = "in_progress"
    resolved = "resolved"
    closed = "closed"
    reopened = "reopened"
    duplicate = "duplicate"
    rejected = "rejected"


OPEN_STATUSES = (CaseStatus.new, CaseStatus.assigned, CaseStatus.in_progress, CaseStatus.reopened)


class Channel(StrEnum):
    request = "request"      # Open311 intake / hotline
    post = "post"            # social media, forum, news comment
    press = "press"          # a news article
    incident = "incident"    # promoted from an incident


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("times must carry a time zone (use Asia/Ho_Chi_Minh for local times)")
    return value


class Reporter(BaseModel):
    """A person who reported the matter: personal data, shown only through triage.policy."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, json_schema_extra=es("keyword"))
    email: str | None = Field(default=None, json_schema_extra=es("keyword"))
    phone: str | None = Field(default=None, json_schema_extra=es("keyword"))
    address: str | None = Field(default=None, json_schema_extra=es("keyword"))
    channel: Channel = Field(json_schema_extra=es("keyword"))
    item_id: str | None = Field(default=None, json_schema_extra=es("keyword"),
                                description="the request or post this person reported through")
    added_at: datetime = Field(json_schema_extra=es("date"))


class CaseEvent(BaseModel):
    """One entry of a case's history."""

    model_config = ConfigDict(extra="forbid")

    at: datetime = Field(json_schema_extra=es("date"))
    actor: str = Field(json_schema_extra=es("keyword"))
    action: str = Field(json_schema_extra=es("keyword"), description="created, assign, transition, note, reply, merge, …")
    from_status: CaseStatus | None = Field(default=None, json_schema_extra=es("keyword"))
    to_status: CaseStatus | None = Field(default=None, json_schema_extra=es("keyword"))
    detail: str | None = Field(default=None, json_schema_extra=es("text", analyzer="standard"))


class Note(BaseModel):
    """An internal note: never shown to the citizen."""

    model_config = ConfigDict(extra="forbid")

    at: datetime = Field(json_schema_extra=es("date"))
    author: str = Field(json_schema_extra=es("keyword"))
    text: str = Field(json_schema_extra=es("text", analyzer="standard"))


class PriorityFactor(BaseModel):
    model_config = ConfigDict(extra="forbid")

    factor: str = Field(json_schema_extra=es("keyword"))
    points: int = Field(json_schema_extra=es("integer"))
    detail: str = Field(json_schema_extra=es("keyword"))


class Case(BaseModel):
    """A matter the city must handle, from first report to closing."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^HCM-\d{4}-\d{6}$", json_schema_extra=es("keyword"), description="e.g. HCM-2026-000123")
    title: str = Field(json_schema_extra=es("text", analyzer="standard"))
    description: str = Field(json_schema_extra=es("text", analyzer="standard"))
    channel: Channel = Field(json_schema_extra=es("keyword"), description="how the case came in")
    linked_posts: list[str] = Field(default_factory=list, json_schema_extra=es("keyword"))
    linked_requests: list[str] = Field(default_factory=list, json_schema_extra=es("keyword"))
    linked_incidents: list[str] = Field(default_factory=list, json_schema_extra=es("keyword"))
    topic: str = Field(json_schema_extra=es("keyword"), description="key of the city taxonomy")
    legal_type: LegalType = Field(default=LegalType.phan_anh, json_schema_extra=es("keyword"))
    complex: bool = Field(default=False, json_schema_extra=es("boolean"),
                          description="complex case: the longer legal deadline applies")
    urgency: Urgency = Field(default=Urgency.medium, json_schema_extra=es("keyword"))
    priority: int = Field(default=0, ge=0, le=100, json_schema_extra=es("integer"))
    priority_factors: list[PriorityFactor] = Field(default_factory=list)
    place: Place | None = None
    ward_code: str | None = Field(default=None, json_schema_extra=es("keyword"), description="place.ward_code, flat")
    unit: str = Field(json_schema_extra=es("keyword"), description="responsible unit id (config/units.yaml)")
    routing_rule: str = Field(json_schema_extra=es("keyword"), description="id of the routing rule that fired")
    status: CaseStatus = Field(default=CaseStatus.new, json_schema_extra=es("keyword"))
    assignee: str | None = Field(default=None, json_schema_extra=es("keyword"))
    received_at: datetime = Field(json_schema_extra=es("date"), description="when the first report came in")
    due_at: datetime | None = Field(default=None, json_schema_extra=es("date"))
    deadline_rule: str | None = Field(default=None, json_schema_extra=es("keyword"), description="config/deadlines.yaml entry")
    resolved_at: datetime | None = Field(default=None, json_schema_extra=es("date"))
    closed_at: datetime | None = Field(default=None, json_schema_extra=es("date"))
    resolved_on_time: bool | None = Field(default=None, json_schema_extra=es("boolean"),
                                          description="resolved no later than due_at (the monthly report's on-time rate)")
    master_id: str | None = Field(default=None, json_schema_extra=es("keyword"), description="set when merged as a duplicate")
    merged_ids: list[str] = Field(default_factory=list, json_schema_extra=es("keyword"), description="duplicates merged here")
    reject_reason: str | None = Field(default=None, json_schema_extra=es("text", analyzer="standard"))
    came_back_from: str | None = Field(default=None, json_schema_extra=es("keyword"),
                                       description="a recently closed case on the same place and topic")
    reply: str | None = Field(default=None, json_schema_extra=es("text", analyzer="standard"),
                              description="the answer sent to the citizen")
    notes: list[Note] = Field(default_factory=list)
    history: list[CaseEvent] = Field(default_factory=list)
    reporters: list[Reporter] = Field(default_factory=list)
    created_at: datetime = Field(json_schema_extra=es("date"))
    updated_at: datetime = Field(json_schema_extra=es("date"))
    demo: bool = Field(default=False, json_schema_extra=es("boolean"))

    @field_validator("received_at", "due_at", "resolved_at", "closed_at", "created_at", "updated_at")
    @classmethod
    def _times_aware(cls, value: datetime | None) -> datetime | None:
        return _aware(value)

    def to_document(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class IncidentStatus(StrEnum):
    open = "open"
    closed = "closed"


class SentimentPoint(BaseModel):
    model_config = ConfigDict(extra="forbid")

    day: str = Field(json_schema_extra=es("keyword"), description="YYYY-MM-DD, Asia/Ho_Chi_Minh")
    negative: int = Field(default=0, json_schema_extra=es("integer"))
    neutral: int = Field(default=0, json_schema_extra=es("integer"))
    positive: int = Field(default=0, json_schema_extra=es("integer"))


class Incident(BaseModel):
    """Items about the same event across channels (posts, requests, press)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(json_schema_extra=es("keyword"), description="'inc-' + hash of the first member: stable on re-runs")
    topic: str = Field(json_schema_extra=es("keyword"))
    ward_code: str | None = Field(default=None, json_schema_extra=es("keyword"))
    ward: str | None = Field(default=None, json_schema_extra=es("keyword"))
    street: str | None = Field(default=None, json_schema_extra=es("keyword"),
                               description="the street named by the members; an item on another street never joins")
    title: str = Field(json_schema_extra=es("text", analyzer="standard"), description="text of the first member")
    status: IncidentStatus = Field(default=IncidentStatus.open, json_schema_extra=es("keyword"))
    count: int = Field(json_schema_extra=es("integer"))
    reach: int = Field(default=0, json_schema_extra=es("integer"), description="likes + replies of the members")
    channels: list[Channel] = Field(default_factory=list, json_schema_extra=es("keyword"))
    first_seen: datetime = Field(json_schema_extra=es("date"))
    last_seen: datetime = Field(json_schema_extra=es("date"))
    member_ids: list[str] = Field(default_factory=list, json_schema_extra=es("keyword"))
    sentiment_trend: list[SentimentPoint] = Field(default_factory=list)
    case_id: str | None = Field(default=None, json_schema_extra=es("keyword"))
    texts: list[str] = Field(default_factory=list, json_schema_extra=es("object", enabled=False),
                             description="a few member texts, kept to match later items against")
    demo: bool = Field(default=False, json_schema_extra=es("boolean"))

    def to_document(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class AuditEvent(BaseModel):
    """One action or one view of personal data. Written once, never edited."""

    model_config = ConfigDict(extra="forbid")

    at: datetime = Field(json_schema_extra=es("date"))
    actor: str = Field(json_schema_extra=es("keyword"))
    role: str = Field(json_schema_extra=es("keyword"))
    action: str = Field(json_schema_extra=es("keyword"), description="e.g. case.transition, case.view_personal_data")
    target_type: str = Field(json_schema_extra=es("keyword"), description="case, incident, user, …")
    target_id: str = Field(json_schema_extra=es("keyword"))
    personal_data: bool = Field(default=False, json_schema_extra=es("boolean"), description="personal data was shown")
    before: dict[str, Any] | None = Field(default=None, json_schema_extra=es("object", enabled=False))
    after: dict[str, Any] | None = Field(default=None, json_schema_extra=es("object", enabled=False))
    detail: str | None = Field(default=None, json_schema_extra=es("text", analyzer="standard"))

    def to_document(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
