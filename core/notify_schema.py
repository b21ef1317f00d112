"""The documents of notifications: alert rules and the alerts they fired, subscriptions, digests.

Each lives in its own index (``<prefix>-alert-rules``, ``<prefix>-alerts``,
``<prefix>-subscriptions``, ``<prefix>-digests``) whose mapping is derived from these classes.
"""
from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.schema import es

NOTIFY_SCHEMA_VERSION = 1
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_GROUP = re.compile(r"^(role|ward|unit):[A-Za-z0-9_.-]+$")


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("times must carry a time zone")
    return value


class AlertRule(BaseModel):
    """Fire when matching posts in a window pass a threshold, or spike against the same hour of the
    week in the previous weeks (so Monday mornings are not spikes)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(json_schema_extra=es("keyword"), description="slug: a-z, 0-9, '-' and '_'")
    name: str = Field(min_length=1, json_schema_extra=es("keyword"))
    query: str | None = Field(default=None, json_schema_extra=es("keyword"),
                              description="saved search (Boolean: + | - \" \" ( )), accent-insensitive; none = everything")
    ward_code: str | None = Field(default=None, json_schema_extra=es("keyword"))
    topic: str | None = Field(default=None, json_schema_extra=es("keyword"))
    window_minutes: int = Field(default=60, ge=5, le=24 * 60, json_schema_extra=es("integer"))
    threshold: int | None = Field(default=None, ge=1, json_schema_extra=es("integer"),
                                  description="fire when the window holds at least this many posts")
    spike_factor: float | None = Field(default=3.0, gt=1, json_schema_extra=es("float"),
                                       description="fire when the window holds this many times the baseline")
    min_count: int = Field(default=5, ge=1, json_schema_extra=es("integer"),
                           description="a spike needs at least this many posts")
    emails: list[str] = Field(default_factory=list, json_schema_extra=es("keyword"))
    webhooks: list[str] = Field(default_factory=list, json_schema_extra=es("keyword"))
    enabled: bool = Field(default=True, json_schema_extra=es("boolean"))

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError("an alert id is 1–64 characters of a-z, 0-9, '-' and '_'")
        return value

    @field_validator("emails")
    @classmethod
    def _emails(cls, values: list[str]) -> list[str]:
        for value in values:
            if not re.fullmatch(r"[^@\s]+@[^@\s]+", value):
                raise ValueError(f"{value!r} is not an e-mail address")
        return values

    @field_validator("webhooks")
    @classmethod
    def _webhooks(cls, values: list[str]) -> list[str]:
        for value in values:
            if not re.match(r"^https?://", value):
                raise ValueError(f"webhook {value!r} must be an http(s) URL")
        return values


class Delivery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: str = Field(json_schema_extra=es("keyword"), description="email or webhook")
    target: str = Field(json_schema_extra=es("keyword"))
    ok: bool = Field(json_schema_extra=es("boolean"))
    error: str | None = Field(default=None, json_schema_extra=es("keyword", ignore_above=512))


class AlertEvent(BaseModel):
    """One firing of a rule. Its id is the rule and the window, so a window fires at most once."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(json_schema_extra=es("keyword"))
    rule_id: str = Field(json_schema_extra=es("keyword"))
    rule_name: str = Field(json_schema_extra=es("keyword"))
    window_start: datetime = Field(json_schema_extra=es("date"))
    window_end: datetime = Field(json_schema_extra=es("date"))
    count: int = Field(json_schema_extra=es("integer"))
    baseline: float = Field(json_schema_extra=es("float"))
    reason: str = Field(json_schema_extra=es("keyword"), description="threshold or spike")
    fired_at: datetime = Field(json_schema_extra=es("date"))
    link: str = Field(json_schema_extra=es("keyword"))
    sample: list[str] = Field(default_factory=list, json_schema_extra=es("keyword", index=False),
                              description="ids of a few matching posts")
    deliveries: list[Delivery] = Field(default_factory=list)

    @field_validator("window_start", "window_end", "fired_at")
    @classmethod
    def _tz(cls, value: datetime) -> datetime:
        return _aware(value)


class Subscription(BaseModel):
    """Who receives which digests and alerts. ``groups`` are ``role:<role>``, ``ward:<code>`` or
    ``unit:<unit id>``."""

    model_config = ConfigDict(extra="forbid")

    email: str = Field(json_schema_extra=es("keyword"))
    name: str = Field(default="", json_schema_extra=es("keyword"))
    groups: list[str] = Field(default_factory=list, json_schema_extra=es("keyword"))
    digest: bool = Field(default=True, json_schema_extra=es("boolean"))
    alerts: bool = Field(default=True, json_schema_extra=es("boolean"))
    language: str = Field(default="vi", json_schema_extra=es("keyword"))
    unsubscribed_at: datetime | None = Field(default=None, json_schema_extra=es("date"))

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not re.fullmatch(r"[^@\s]+@[^@\s]+", value):
            raise ValueError(f"{value!r} is not an e-mail address")
        return value.lower()

    @field_validator("groups")
    @classmethod
    def _groups(cls, values: list[str]) -> list[str]:
        for value in values:
            if not _GROUP.match(value):
                raise ValueError(f"group {value!r} must be role:<role>, ward:<code> or unit:<unit id>")
        return values


class DigestRecord(BaseModel):
    """A digest as built (and, when sent, to whom): archived and readable in the dashboard."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(json_schema_extra=es("keyword"), description="<date>:<group>")
    day: str = Field(json_schema_extra=es("keyword"), description="YYYY-MM-DD, Asia/Ho_Chi_Minh")
    group: str = Field(json_schema_extra=es("keyword"))
    subject: str = Field(json_schema_extra=es("keyword"))
    html: str = Field(json_schema_extra=es("text", index=False))
    text: str = Field(json_schema_extra=es("text", analyzer="standard"))
    counts: dict[str, int] = Field(default_factory=dict, json_schema_extra=es("object", enabled=False))
    built_at: datetime = Field(json_schema_extra=es("date"))
    sent_to: list[str] = Field(default_factory=list, json_schema_extra=es("keyword"))
    sent_at: datetime | None = Field(default=None, json_schema_extra=es("date"))


class SlaNotice(BaseModel):
    """A case's deadline state told to its unit: once per case and state (at_risk, overdue)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(json_schema_extra=es("keyword"), description="<case id>:<state>")
    case_id: str = Field(json_schema_extra=es("keyword"))
    state: str = Field(json_schema_extra=es("keyword"))
    unit: str = Field(json_schema_extra=es("keyword"))
    due_at: datetime | None = Field(default=None, json_schema_extra=es("date"))
    noticed_at: datetime = Field(json_schema_extra=es("date"))
    deliveries: list[Delivery] = Field(default_factory=list)
