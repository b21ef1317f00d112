"""A GeoReport v2 POST, from its body (form-encoded or JSON) to a ``ServiceRequest``.

Every problem is collected, not just the first, and each is said in Vietnamese and English.
Parameter names are the spec's: ``service_code``, ``lat``/``long`` or ``address_string`` or
``address_id``, ``attribute[code]`` (``attribute[code][]`` for several values), ``email``,
``device_id``, ``account_id``, ``first_name``, ``last_name``, ``phone``, ``description``,
``media_url``, ``jurisdiction_id`` and ``api_key``.
"""
from __future__ import annotations

import math
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import orjson

from core.service_request import DESCRIPTION_MAX, Attribute, Channel, Personal, ServiceRequest
from intake.problems import Problem, Problems, problem
from intake.services import AttributeSpec, Catalogue, Service

_ATTRIBUTE_KEY = re.compile(r"^attribute\[([^\[\]]{1,100})\](\[\])?$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ().\-]{3,30}$")
LIMITS = {"address_string": 500, "address_id": 100, "first_name": 100, "last_name": 100, "email": 254, "phone": 30,
          "device_id": 200, "account_id": 200, "media_url": 2048, "description": DESCRIPTION_MAX,
          "service_code": 100, "jurisdiction_id": 100, "api_key": 200, "zipcode": 20}
ATTRIBUTE_TEXT_MAX = 1000


@dataclass
class RawSubmission:
    """The parameters of a POST: single values, and attribute answers by code."""

    params: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, list[str]] = field(default_factory=dict)

    def add(self, key: str, value: Any) -> None:
        match = _ATTRIBUTE_KEY.match(key)
        if match:
            values = value if isinstance(value, list) else [value]
            self.attributes.setdefault(match.group(1), []).extend(_text(key, v) for v in values)
        else:
            self.params[key] = _text(key, value)


def parse_form(body: bytes) -> RawSubmission:
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError as exc:
        raise problem(400, "Nội dung gửi lên không phải UTF-8.", "The request body is not UTF-8.") from exc
    raw = RawSubmission()
    for key, value in pairs:
        raw.add(key, value)
    return raw


def parse_json(body: bytes) -> RawSubmission:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise problem(400, "Nội dung JSON không hợp lệ.", "The request body is not valid JSON.") from exc
    if not isinstance(data, dict):
        raise problem(400, "Nội dung JSON phải là một đối tượng.", "The JSON body must be an object.")
    raw = RawSubmission()
    for key, value in data.items():
        if key == "attribute" and isinstance(value, dict):
            for code, answer in value.items():
                raw.add(f"attribute[{code}]", answer)
        else:
            raw.add(key, value)
    return raw


def _text(key: str, value: Any) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise problem(400, f"'{key}' phải là chuỗi hoặc số.", f"'{key}' must be a string or a number.", key)
    return str(value)


def build_request(raw: RawSubmission, services: Catalogue, *, now: datetime, submitted_by: str,
                  service_notice: str) -> ServiceRequest:
    """Validate everything, then the stored request; raises Problems listing every fault."""
    p = {k: v.strip() for k, v in raw.params.items() if v.strip()}
    faults = _length_faults(p)
    service = services.get(p.get("service_code", ""))
    if "service_code" not in p:
        faults.append(Problem(400, "Thiếu service_code (mã dịch vụ).", "service_code is required.", "service_code"))
    elif service is None:
        faults.append(Problem(400, f"Không có dịch vụ với service_code '{p['service_code'][:100]}'.",
                              f"service_code '{p['service_code'][:100]}' is not a known service.", "service_code"))
    lat, long = _coordinates(p, faults)
    if lat is None and "address_string" not in p and "address_id" not in p:
        faults.append(Problem(400, "Cần vị trí: lat và long, hoặc address_string, hoặc address_id.",
                              "A location is required: lat and long, or address_string, or address_id.", "lat"))
    faults += _contact_faults(p)
    attributes = _attributes(raw.attributes, service, faults) if service else []
    if faults:
        raise Problems(faults)
    assert service is not None
    stamp = now.replace(microsecond=0)
    return ServiceRequest(
        service_request_id=f"{stamp:%y%m%d}-{secrets.token_hex(8)}", token=secrets.token_urlsafe(12),
        channel=Channel.open311, service_code=service.service_code, service_name=service.service_name,
        description=p.get("description"), agency_responsible=service.agency_responsible,
        service_notice=service_notice, requested_datetime=stamp, updated_datetime=stamp,
        address=p.get("address_string"), address_id=p.get("address_id"), zipcode=p.get("zipcode"),
        lat=lat, long=long, media_url=p.get("media_url"), attributes=attributes,
        personal=Personal(**{k: p.get(k) for k in Personal.model_fields}), submitted_by=submitted_by,
        raw={"params": {k: v for k, v in raw.params.items() if k != "api_key"}, "attributes": raw.attributes})


def _length_faults(p: dict[str, str]) -> list[Problem]:
    return [Problem(400, f"'{k}' dài quá {n} ký tự.", f"'{k}' is longer than {n} characters.", k)
            for k, n in LIMITS.items() if len(p.get(k, "")) > n]


def _coordinates(p: dict[str, str], faults: list[Problem]) -> tuple[float | None, float | None]:
    if "lat" not in p and "long" not in p:
        return None, None
    values = []
    for name, bound in (("lat", 90), ("long", 180)):
        try:
            value = float(p[name])
        except KeyError:
            faults.append(Problem(400, "lat và long phải được gửi cùng nhau.", "lat and long must be sent together.", name))
            return None, None
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or abs(value) > bound:
            faults.append(Problem(400, f"'{name}' phải là số trong khoảng ±{bound}.",
                                  f"'{name}' must be a number within ±{bound}.", name))
            return None, None
        values.append(value)
    return values[0], values[1]


def _contact_faults(p: dict[str, str]) -> list[Problem]:
    faults = []
    if "email" in p and not valid_email(p["email"]):
        faults.append(Problem(400, "email không hợp lệ.", "email is not a valid address.", "email"))
    if "phone" in p and not valid_phone(p["phone"]):
        faults.append(Problem(400, "phone chỉ gồm chữ số, dấu cách, + ( ) . -", "phone may hold only digits, spaces and + ( ) . -",
                              "phone"))
    if "media_url" in p and not is_http_url(p["media_url"]):
        faults.append(Problem(400, "media_url phải là địa chỉ http(s) đầy đủ của tệp đính kèm.",
                              "media_url must be a full http(s) URL of the attachment.", "media_url"))
    return faults


def valid_email(value: str) -> bool:
    return bool(_EMAIL.match(value))


def valid_phone(value: str) -> bool:
    return bool(_PHONE.match(value))


def is_http_url(url: str) -> bool:
    """An absolute http(s) URL with a host: attachments are links, never uploads."""
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in url)
    except ValueError:
        return False


def _attributes(answers: dict[str, list[str]], service: Service, faults: list[Problem]) -> list[Attribute]:
    specs = {a.code: a for a in service.attributes if a.variable}
    for code in answers.keys() - specs.keys():
        faults.append(Problem(400, f"Dịch vụ {service.service_code} không có thuộc tính '{code[:100]}'.",
                              f"Service {service.service_code} has no attribute '{code[:100]}'.", f"attribute[{code[:100]}]"))
    out = []
    for code, spec in specs.items():
        values = [v.strip() for v in answers.get(code, []) if v.strip()]
        if not values:
            if spec.required:
                faults.append(Problem(400, f"Thiếu thuộc tính bắt buộc attribute[{code}] ({spec.description}).",
                                      f"Required attribute attribute[{code}] is missing ({spec.description}).",
                                      f"attribute[{code}]"))
            continue
        problem_ = _attribute_fault(spec, values)
        if problem_:
            faults.append(problem_)
        else:
            out.append(Attribute(code=code, values=values))
    return out


def _attribute_fault(spec: AttributeSpec, values: list[str]) -> Problem | None:
    name = f"attribute[{spec.code}]"
    if spec.datatype != "multivaluelist" and len(values) > 1:
        return Problem(400, f"{name} chỉ nhận một giá trị.", f"{name} takes a single value.", name)
    if spec.datatype.endswith("valuelist"):
        wrong = [v for v in values if v not in spec.values]
        if wrong:
            keys = ", ".join(spec.values)
            return Problem(400, f"{name}: giá trị '{wrong[0][:50]}' không hợp lệ; chọn một trong: {keys}.",
                           f"{name}: '{wrong[0][:50]}' is not allowed; choose among: {keys}.", name)
    elif spec.datatype == "number" and not _is_number(values[0]):
        return Problem(400, f"{name} phải là một số.", f"{name} must be a number.", name)
    elif spec.datatype == "datetime" and not _is_datetime(values[0]):
        return Problem(400, f"{name} phải là thời điểm ISO 8601 có múi giờ.", f"{name} must be an ISO 8601 time with a zone.", name)
    elif len(values[0]) > ATTRIBUTE_TEXT_MAX:
        return Problem(400, f"{name} dài quá {ATTRIBUTE_TEXT_MAX} ký tự.", f"{name} is longer than {ATTRIBUTE_TEXT_MAX} characters.", name)
    return None


def _is_number(value: str) -> bool:
    try:
        return math.isfinite(float(value))
    except ValueError:
        return False


def _is_datetime(value: str) -> bool:
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False
