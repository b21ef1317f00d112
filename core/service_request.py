"""The stored citizen service request (Open311 GeoReport v2), and the intake API key record.

Field names follow GeoReport v2, so the public API can return a stored request as it is,
less the personal data the spec lets a server withhold (``personal``) and what only the city
needs (``raw``, ``submitted_by``). Each field declares its Elasticsearch type beside its
Python type (``es(...)``, as in ``core.schema``); ``store/templates/requests.json`` is derived
from these classes and a test fails when they drift. Bump ``REQUESTS_SCHEMA_VERSION`` when the
mapping changes: the store then migrates into ``<prefix>-requests-v<N+1>`` behind the alias.
"""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator

from core.folding import fold
from core.schema import GeoPoint, es

REQUESTS_SCHEMA_VERSION = 1
API_KEYS_SCHEMA_VERSION = 1

DESCRIPTION_MAX = 4000  # GeoReport v2: "A full description of the request or report … max 4,000 characters"


class Status(StrEnum):
    """GeoReport v2 knows exactly two statuses."""

    open = "open"
    closed = "closed"


class Channel(StrEnum):
    open311 = "open311"          # submitted through the intake API
    hotline_1022 = "hotline_1022"  # imported from the city's 1022 hotline export


class Personal(BaseModel):
    """Who submitted: stored for the officers who follow up, never returned by public reads."""

    model_config = ConfigDict(extra="forbid")

    first_name: str | None = Field(default=None, json_schema_extra=es("keyword"))
    last_name: str | None = Field(default=None, json_schema_extra=es("keyword"))
    email: str | None = Field(default=None, json_schema_extra=es("keyword"))
    phone: str | None = Field(default=None, json_schema_extra=es("keyword"))
    device_id: str | None = Field(default=None, json_schema_extra=es("keyword"))
    account_id: str | None = Field(default=None, json_schema_extra=es("keyword"))


class Attribute(BaseModel):
    """One answer to a service definition's attribute (``attribute[code]=value``)."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(json_schema_extra=es("keyword"))
    values: list[str] = Field(default_factory=list, json_schema_extra=es("keyword"))


class ServiceRequest(BaseModel):
    """One citizen report, as stored in ``<prefix>-requests``."""

    model_config = ConfigDict(extra="forbid")

    service_request_id: str = Field(min_length=1, json_schema_extra=es("keyword"),
                                    description="the document id: generated for API posts, '1022-<record id>' for the hotline")
    token: str | None = Field(default=None, json_schema_extra=es("keyword"),
                              description="GeoReport token returned with the POST acknowledgement")
    channel: Channel = Field(json_schema_extra=es("keyword"))
    status: Status = Field(default=Status.open, json_schema_extra=es("keyword"))
    status_notes: str | None = Field(default=None, json_schema_extra=es("text", analyzer="standard"))
    service_code: str = Field(min_length=1, json_schema_extra=es("keyword"), description="key of the city taxonomy")
    service_name: str | None = Field(default=None, json_schema_extra=es("keyword"))
    description: str | None = Field(default=None, max_length=DESCRIPTION_MAX,
                                    json_schema_extra=es("text", analyzer="standard"))
    agency_responsible: str | None = Field(default=None, json_schema_extra=es("keyword"))
    service_notice: str | None = Field(default=None, json_schema_extra=es("keyword", index=False))
    requested_datetime: datetime = Field(json_schema_extra=es("date"))
    updated_datetime: datetime | None = Field(default=None, json_schema_extra=es("date"))
    expected_datetime: datetime | None = Field(default=None, json_schema_extra=es("date"))
    address: str | None = Field(default=None, json_schema_extra=es("text", analyzer="standard"))
    address_id: str | None = Field(default=None, json_schema_extra=es("keyword"))
    zipcode: str | None = Field(default=None, json_schema_extra=es("keyword"))
    lat: float | None = Field(default=None, ge=-90, le=90, json_schema_extra=es("double"))
    long: float | None = Field(default=None, ge=-180, le=180, json_schema_extra=es("double"))
    media_url: str | None = Field(default=None, json_schema_extra=es("keyword", index=False))
    attributes: list[Attribute] = Field(default_factory=list)
    personal: Personal = Field(default_factory=Personal)
    submitted_by: str | None = Field(default=None, json_schema_extra=es("keyword"),
                                     description="name of the API key (or the import file) that submitted it")
    demo: bool = Field(default=False, json_schema_extra=es("boolean"), description="true for generated sample data")
    raw: dict[str, Any] = Field(default_factory=dict, json_schema_extra=es("object", enabled=False),
                                description="the submission or hotline row as received, kept for re-processing")

    @field_validator("requested_datetime", "updated_datetime", "expected_datetime")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("times must carry a time zone (use Asia/Ho_Chi_Minh for local times)")
        return value

    @computed_field(json_schema_extra=es("text", analyzer="standard"))  # type: ignore[prop-decorator]
    @property
    def text(self) -> str:
        """The classifier-ready text: what the triage stage classifies and cases are made from."""
        return " ".join((self.description or "").split())

    @computed_field(json_schema_extra=es("text", analyzer="standard"))  # type: ignore[prop-decorator]
    @property
    def text_folded(self) -> str:
        return fold(self.text)

    @computed_field(json_schema_extra=es("geo_point"))  # type: ignore[prop-decorator]
    @property
    def location(self) -> GeoPoint | None:
        if self.lat is None or self.long is None:
            return None
        return GeoPoint(lat=self.lat, lon=self.long)

    def to_document(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> ServiceRequest:
        derived = set(cls.model_computed_fields)
        return cls.model_validate({k: v for k, v in doc.items() if k not in derived})


class ApiKeyRecord(BaseModel):
    """An intake API key, stored by the SHA-256 of the key (the document id); the key itself is
    shown once, when created. Keys are 256-bit random, so a fast hash is enough."""

    model_config = ConfigDict(extra="forbid")

    key_hash: str = Field(min_length=64, max_length=64, json_schema_extra=es("keyword"))
    name: str = Field(min_length=1, max_length=100, json_schema_extra=es("keyword"))
    created_at: datetime = Field(json_schema_extra=es("date"))
    revoked_at: datetime | None = Field(default=None, json_schema_extra=es("date"))

    def to_document(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
