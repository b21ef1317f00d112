"""Bulk import of the city's 1022 hotline exports (CSV or XLSX) into the requests index.

Nothing is half-imported: every row is validated first, and if any row is invalid nothing is
written (the per-row error report says which row, which column and what is wrong) unless
``skip_invalid`` is asked for. Ids come from the record's own id (``1022-<Mã phản ánh>``) and
writes are idempotent upserts, so importing the same export twice changes nothing, and an
import interrupted by an Elasticsearch outage is completed by running it again.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from core.errors import ConfigError, InvalidInput
from core.service_request import DESCRIPTION_MAX, Channel, Personal, ServiceRequest, Status
from core.settings import ROOT, Settings

DEFAULT_MAPPING = ROOT / "config" / "hotline_import.yaml"
FIELDS = ("record_id", "requested_datetime", "updated_datetime", "service_code", "description", "address", "ward",
          "full_name", "first_name", "last_name", "phone", "email", "agency_responsible", "status", "status_notes",
          "lat", "long", "media_url", "zipcode")
_RECORD_ID = re.compile(r"^[A-Za-z0-9._\-/]{1,64}$")


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str]
    required: tuple[str, ...]
    service_codes: dict[str, str]
    statuses: dict[str, str]
    id_prefix: str = "1022-"
    timezone: str = "Asia/Ho_Chi_Minh"
    datetime_formats: tuple[str, ...] = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")
    csv_options: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None


@dataclass(frozen=True)
class RowError:
    row: int      # the row number a spreadsheet shows (the header is row 1)
    column: str
    value: str
    message: str


@dataclass
class ImportOutcome:
    rows: int
    valid: int
    invalid: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)
    report: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"failed": len(self.failed)}


def load_mapping(path: Path = DEFAULT_MAPPING) -> Mapping:
    import yaml

    from nlp.taxonomy import taxonomy

    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"Cannot read the import mapping {path}: {exc}") from exc
    columns = raw.get("columns") or {}
    unknown = sorted(set(columns) - set(FIELDS)) + sorted(set(raw.get("required", [])) - set(columns))
    keys = set(taxonomy().keys)
    bad_codes = sorted(v for v in (raw.get("service_codes") or {}).values() if v not in keys)
    bad_status = sorted(v for v in (raw.get("statuses") or {}).values() if v not in Status.__members__)
    if unknown or bad_codes or bad_status or "record_id" not in columns:
        raise ConfigError(f"{path}: unknown or unmapped fields {unknown}, service codes not in the taxonomy {bad_codes}, "
                          f"statuses other than open/closed {bad_status}; record_id must be mapped.")
    return Mapping(columns=dict(columns), required=tuple(raw.get("required", [])),
                   service_codes={str(k).casefold(): v for k, v in (raw.get("service_codes") or {}).items()},
                   statuses={str(k).casefold(): v for k, v in (raw.get("statuses") or {}).items()},
                   id_prefix=raw.get("id_prefix", "1022-"), timezone=raw.get("timezone", "Asia/Ho_Chi_Minh"),
                   datetime_formats=tuple(raw.get("datetime_formats") or Mapping.datetime_formats),
                   csv_options=raw.get("csv") or {}, sheet=(raw.get("xlsx") or {}).get("sheet"))


def read_rows(path: Path, mapping: Mapping) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """The header and the data rows (numbered as the spreadsheet shows them), blank rows skipped."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding=mapping.csv_options.get("encoding", "utf-8-sig"), newline="") as handle:
            table = list(csv.reader(handle, delimiter=mapping.csv_options.get("delimiter", ",")))
    elif suffix == ".xlsx":
        table = _xlsx_table(path, mapping.sheet)
    else:
        raise InvalidInput(f"{path.name}: only .csv and .xlsx exports can be imported.")
    if not table:
        raise InvalidInput(f"{path.name} is empty: it needs a header row and at least one record.")
    header = [str(h).strip() if h is not None else "" for h in table[0]]
    rows = [(n, dict(zip(header, cells, strict=False))) for n, cells in enumerate(table[1:], start=2)
            if any(c not in (None, "") for c in cells)]
    return header, rows


def _xlsx_table(path: Path, sheet: str | None) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise InvalidInput(f"{path.name} is not a readable XLSX workbook: {exc}") from exc
    try:
        sheet_ = book[sheet] if sheet else book.worksheets[0]
        return [list(row) for row in sheet_.iter_rows(values_only=True)]
    finally:
        book.close()


def validate_rows(header: list[str], rows: list[tuple[int, dict[str, Any]]], mapping: Mapping, *,
                  source_name: str, demo: bool = False) -> tuple[list[ServiceRequest], list[RowError]]:
    """Every row checked; returns the valid requests and every fault found."""
    missing = [(f, c) for f, c in mapping.columns.items() if c not in header and f in mapping.required]
    if missing:
        return [], [RowError(1, c, "", f"Thiếu cột bắt buộc / required column missing ({f})") for f, c in missing]
    requests, errors, seen = [], [], {}
    for number, row in rows:
        request, faults = _row_request(number, row, mapping, source_name, demo)
        if request and request.service_request_id in seen:
            faults.append(RowError(number, mapping.columns["record_id"], row.get(mapping.columns["record_id"]) or "",
                                   f"Mã trùng với dòng {seen[request.service_request_id]} / "
                                   f"duplicate record id (row {seen[request.service_request_id]})"))
        errors += faults
        if request and not faults:
            seen[request.service_request_id] = number
            requests.append(request)
    return requests, errors


def _row_request(number: int, row: dict[str, Any], mapping: Mapping, source_name: str,
                 demo: bool) -> tuple[ServiceRequest | None, list[RowError]]:
    values = {f: _cell(row.get(c)) for f, c in mapping.columns.items()}
    faults: list[RowError] = []

    def fault(name: str, message: str) -> None:
        faults.append(RowError(number, mapping.columns.get(name, name), str(values.get(name) or ""), message))

    for name in mapping.required:
        if values.get(name) in (None, ""):
            fault(name, "Thiếu giá trị bắt buộc / required value missing")
    parsed = _parse_fields(values, mapping, fault)
    if faults:
        return None, faults
    try:
        request = ServiceRequest(
            service_request_id=f"{mapping.id_prefix}{values['record_id']}", channel=Channel.hotline_1022,
            personal=_personal(values), submitted_by=f"import:{source_name}", demo=demo,
            raw={k: _cell(v) if not isinstance(v, datetime) else v.isoformat() for k, v in row.items() if k},
            **parsed)
    except ValidationError as exc:
        for error in exc.errors():
            fault(str(error["loc"][0]) if error.get("loc") else "record_id", f"Giá trị không hợp lệ / invalid value: {error['msg']}")
        return None, faults
    return request, faults


def _parse_fields(values: dict[str, Any], mapping: Mapping, fault) -> dict[str, Any]:
    from intake.services import catalogue
    from intake.submission import is_http_url, valid_email, valid_phone

    out: dict[str, Any] = {}
    record_id = values.get("record_id") or ""
    if record_id and not _RECORD_ID.match(record_id):
        fault("record_id", "Mã phản ánh chỉ gồm chữ, số và . _ - / (tối đa 64) / record id: letters, digits . _ - / (max 64)")
    for name in ("requested_datetime", "updated_datetime"):
        if values.get(name) not in (None, ""):
            out[name] = _datetime(values[name], mapping)
            if out[name] is None:
                fault(name, f"Thời gian không đúng định dạng / not a date-time in {list(mapping.datetime_formats)}")
    code = str(values.get("service_code") or "")
    if code:
        service = catalogue().get(mapping.service_codes.get(code.casefold(), code))
        if service is None:
            fault("service_code", "Lĩnh vực không có trong bảng ánh xạ / unknown service (see service_codes in the mapping)")
        else:
            out |= {"service_code": service.service_code, "service_name": service.service_name,
                    "agency_responsible": values.get("agency_responsible") or service.agency_responsible}
    status = str(values.get("status") or "")
    out["status"] = mapping.statuses.get(status.casefold(), status) if status else "open"
    if out["status"] not in Status.__members__:
        fault("status", "Trạng thái không có trong bảng ánh xạ / unknown status (see statuses in the mapping)")
    out |= _location(values, fault)
    description = values.get("description")
    if description and len(str(description)) > DESCRIPTION_MAX:
        fault("description", f"Nội dung dài quá {DESCRIPTION_MAX} ký tự / longer than {DESCRIPTION_MAX} characters")
    out["description"] = description
    out["status_notes"] = values.get("status_notes") or None
    out["zipcode"] = values.get("zipcode") or None
    out["address"] = ", ".join(str(v) for v in (values.get("address"), values.get("ward")) if v) or None
    checks = (("email", valid_email, "email không hợp lệ / not a valid e-mail address"),
              ("phone", valid_phone, "Số điện thoại không hợp lệ / not a valid phone number"),
              ("media_url", is_http_url, "media_url phải là URL http(s) / media_url must be an http(s) URL"))
    for name, check, message in checks:
        if values.get(name) and not check(str(values[name])):
            fault(name, message)
    out["media_url"] = values.get("media_url") or None
    return out


def _location(values: dict[str, Any], fault) -> dict[str, Any]:
    lat, long = values.get("lat"), values.get("long")
    if lat in (None, "") and long in (None, ""):
        return {}
    try:
        point = {"lat": float(str(lat).replace(",", ".")), "long": float(str(long).replace(",", "."))}
    except ValueError:
        fault("lat", "Vĩ độ/kinh độ phải là số và đi cùng nhau / lat and long must be numbers, given together")
        return {}
    if not (-90 <= point["lat"] <= 90 and -180 <= point["long"] <= 180):
        fault("lat", "Vĩ độ/kinh độ ngoài phạm vi / lat/long out of range")
        return {}
    return point


def _personal(values: dict[str, Any]) -> Personal:
    first, last = values.get("first_name"), values.get("last_name")
    full = str(values.get("full_name") or "").split()
    if full and not (first or last):
        last, first = full[0], " ".join(full[1:]) or None  # Nguyễn Văn An: family name Nguyễn, given Văn An
    return Personal(first_name=first or None, last_name=last or None, phone=values.get("phone") or None,
                    email=values.get("email") or None)


def _cell(value: Any) -> Any:
    """A cell as text (XLSX numbers lose their '.0'; dates stay datetimes), blanks as None."""
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _datetime(value: Any, mapping: Mapping) -> datetime | None:
    zone = ZoneInfo(mapping.timezone)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    for fmt in mapping.datetime_formats:
        try:
            return datetime.strptime(str(value), fmt).replace(tzinfo=zone)
        except ValueError:
            continue
    return None


def write_report(errors: list[RowError], path: Path) -> Path:
    """The per-row error report: JSON when the path ends in .json, CSV otherwise."""
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps([asdict(e) for e in errors], ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return path
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "column", "value", "message"])
        writer.writerows([e.row, e.column, e.value, e.message] for e in errors)
    return path


def import_file(path: Path, settings: Settings, *, mapping_path: Path = DEFAULT_MAPPING, report_path: Path | None = None,
                skip_invalid: bool = False, demo: bool = False) -> ImportOutcome:
    """Validate the whole export, then write it (or nothing); raises InvalidInput with the report's path."""
    from store.client import make_client
    from store.requests import ensure_requests_index, import_requests

    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"{path} does not exist.")
    mapping = load_mapping(mapping_path)
    header, rows = read_rows(path, mapping)
    requests, errors = validate_rows(header, rows, mapping, source_name=path.name, demo=demo)
    invalid_rows = len({e.row for e in errors})
    outcome = ImportOutcome(rows=len(rows), valid=len(requests), invalid=invalid_rows)
    if errors:
        report = write_report(errors, report_path or path.with_name(f"{path.stem}.import-errors.csv"))
        outcome.report = str(report)
        if not skip_invalid:
            raise InvalidInput(f"{path.name}: {len(errors)} problems in {invalid_rows} of {len(rows)} rows; "
                               f"nothing was imported. Report: {report}",
                               "Fix the rows listed in the report (or pass --skip-invalid to import only the valid ones).")
    client = make_client(settings)
    alias = ensure_requests_index(client, settings).alias
    counts = import_requests(client, alias, requests)
    outcome.created, outcome.updated, outcome.unchanged = counts["created"], counts["updated"], counts["unchanged"]
    outcome.failed = counts["failed"]
    return outcome
