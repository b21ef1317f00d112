"""The shapes the API publishes in its OpenAPI document (GeoReport v2 field names), so that
clients and the schemathesis fuzz test can check every response against them."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ErrorItem(BaseModel):
    """GeoReport v2 error: errors are always a JSON array of these."""

    code: int
    description: str = Field(description="Vietnamese message / English message")
    description_vi: str | None = None
    description_en: str | None = None
    field: str | None = Field(default=None, description="the parameter at fault, when there is one")


ERRORS = {code: {"model": list[ErrorItem], "description": text} for code, text in (
    (400, "invalid parameters (every fault listed)"), (403, "api_key missing or not valid"),
    (404, "not found (unknown service, request or jurisdiction)"), (413, "request body too large"),
    (429, "rate limit exceeded (see Retry-After)"), (503, "Elasticsearch unavailable: not stored, send again"))}


class ServiceListing(BaseModel):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: Literal["realtime", "batch", "blackbox"]
    keywords: str
    group: str


class AttributeValue(BaseModel):
    key: str
    name: str


class AttributeDefinition(BaseModel):
    variable: bool
    code: str
    datatype: Literal["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]
    required: bool
    datatype_description: str | None
    order: int
    description: str
    values: list[AttributeValue]


class ServiceDefinition(BaseModel):
    service_code: str
    attributes: list[AttributeDefinition]


class PublicRequest(BaseModel):
    """A stored request as the public reads return it; personal data is never included."""

    model_config = ConfigDict(extra="forbid")

    service_request_id: str
    status: Literal["open", "closed"]
    status_notes: str | None
    service_name: str | None
    service_code: str
    description: str | None
    agency_responsible: str | None
    service_notice: str | None
    requested_datetime: str
    updated_datetime: str | None
    expected_datetime: str | None
    address: str | None
    address_id: str | None
    zipcode: str | None
    lat: float | None
    long: float | None
    media_url: str | None


class Acknowledgement(BaseModel):
    service_request_id: str
    token: str
    service_notice: str | None
    account_id: str | None


class TokenAnswer(BaseModel):
    service_request_id: str
    token: str


_TEXT = {"type": "string"}
SUBMISSION_SCHEMA = {
    "type": "object",
    "required": ["service_code"],
    "properties": {
        "api_key": {**_TEXT, "description": "the key from `langnghe intake key create` (or pass it in the query)"},
        "jurisdiction_id": _TEXT,
        "service_code": {**_TEXT, "description": "a service_code from services.json"},
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "long": {"type": "number", "minimum": -180, "maximum": 180},
        "address_string": {**_TEXT, "maxLength": 500},
        "address_id": {**_TEXT, "maxLength": 100},
        "email": {**_TEXT, "maxLength": 254},
        "device_id": {**_TEXT, "maxLength": 200},
        "account_id": {**_TEXT, "maxLength": 200},
        "first_name": {**_TEXT, "maxLength": 100},
        "last_name": {**_TEXT, "maxLength": 100},
        "phone": {**_TEXT, "maxLength": 30},
        "description": {**_TEXT, "maxLength": 4000},
        "media_url": {**_TEXT, "format": "uri", "maxLength": 2048, "description": "http(s) URL of a photo or video"},
    },
    "additionalProperties": {"type": "string", "description": "attribute[CODE] (or attribute[CODE][]) answers"},
}
SUBMISSION_BODY = {"requestBody": {"required": True, "content": {
    "application/x-www-form-urlencoded": {"schema": SUBMISSION_SCHEMA},
    "application/json": {"schema": SUBMISSION_SCHEMA},
}}}
API_KEY_PARAMETER = {"name": "api_key", "in": "query", "required": False,
                     "schema": {"type": "string", "maxLength": 200}, "description": "or in the body"}
