"""The GeoReport v2 endpoints. Reads are limited per client IP, writes per API key; a POST is
acknowledged only once Elasticsearch has confirmed the write (see ``store.requests``)."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from starlette.background import BackgroundTask

from core.service_request import Status
from intake.api_models import (
    API_KEY_PARAMETER,
    ERRORS,
    SUBMISSION_BODY,
    Acknowledgement,
    PublicRequest,
    ServiceDefinition,
    ServiceListing,
    TokenAnswer,
)
from intake.app import IntakeState, JsonResponse
from intake.problems import Problem, Problems, not_found, problem
from intake.submission import RawSubmission, build_request, parse_form, parse_json
from store.requests import find_by_token, get_public, list_query, search_public

router = APIRouter()
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_SPAN = timedelta(days=90)
JURISDICTION = Query(None, max_length=100, description="only needed by servers with several jurisdictions")


def _state(request: Request, jurisdiction_id: str | None = None) -> IntakeState:
    state: IntakeState = request.app.state.intake
    if jurisdiction_id and jurisdiction_id != state.settings.intake_jurisdiction_id:
        raise not_found(f"jurisdiction_id '{jurisdiction_id}'", f"jurisdiction_id '{jurisdiction_id}'")
    return state


def _read(request: Request, jurisdiction_id: str | None = None) -> IntakeState:
    state = _state(request, jurisdiction_id)
    state.limit(state.reads, f"ip:{request.client.host if request.client else '?'}")
    return state


@router.get("/services.json", response_model=list[ServiceListing], responses=ERRORS, summary="GET Service List")
async def services(request: Request, jurisdiction_id: str | None = JURISDICTION):
    return [s.as_listing() for s in _read(request, jurisdiction_id).services.services]


@router.get("/services/{service_code}.json", response_model=ServiceDefinition, responses=ERRORS,
            summary="GET Service Definition")
async def service_definition(request: Request, service_code: str, jurisdiction_id: str | None = JURISDICTION):
    service = _read(request, jurisdiction_id).services.get(service_code)
    if service is None:
        raise not_found(f"dịch vụ '{service_code[:100]}'", f"Service '{service_code[:100]}'")
    return service.as_definition()


@router.get("/requests.json", response_model=list[PublicRequest], responses=ERRORS, summary="GET Service Requests")
async def list_requests(
        request: Request, jurisdiction_id: str | None = JURISDICTION,
        service_request_id: str | None = Query(None, max_length=2000, description="comma-delimited ids; other filters are then ignored"),
        service_code: str | None = Query(None, max_length=2000, description="comma-delimited service codes"),
        start_date: str | None = Query(None, max_length=40, description="earliest requested_datetime (W3C / ISO 8601)"),
        end_date: str | None = Query(None, max_length=40, description="latest requested_datetime (W3C / ISO 8601)"),
        status: str | None = Query(None, max_length=40, description="open, closed or open,closed")):
    state = _read(request, jurisdiction_id)
    ids = _csv(service_request_id)
    start, end = _when("start_date", start_date), _when("end_date", end_date)
    statuses = _csv(status)
    _check_filters(statuses, start, end)
    query = list_query(ids=ids, service_codes=_csv(service_code), statuses=statuses, start=start, end=end)
    return await search_public(state.es, state.requests_alias, query)


@router.get("/requests/{service_request_id}.json", response_model=list[PublicRequest], responses=ERRORS,
            summary="GET Service Request")
async def get_request(request: Request, service_request_id: str, jurisdiction_id: str | None = JURISDICTION):
    state = _read(request, jurisdiction_id)
    found = await get_public(state.es, state.requests_alias, service_request_id[:200])
    if found is None:
        raise not_found(f"phản ánh '{service_request_id[:100]}'", f"Service request '{service_request_id[:100]}'")
    return [found]


@router.get("/tokens/{token}.json", response_model=list[TokenAnswer], responses=ERRORS,
            summary="GET service_request_id from a token")
async def token(request: Request, token: str, jurisdiction_id: str | None = JURISDICTION):
    state = _read(request, jurisdiction_id)
    found = await find_by_token(state.es, state.requests_alias, token[:100])
    if not found:
        raise not_found(f"token '{token[:100]}'", f"Token '{token[:100]}'")
    return found


@router.post("/requests.json", response_model=list[Acknowledgement], responses=ERRORS, summary="POST Service Request",
             openapi_extra=SUBMISSION_BODY | {"parameters": [API_KEY_PARAMETER]})
async def post_request(request: Request):
    """The hot path: parameters are read by hand (no dependency solving) and the answer is
    serialised directly; the OpenAPI document still describes both."""
    raw = await _submission(request)
    key = raw.params.get("api_key") or request.query_params.get("api_key")
    if not key:
        raise problem(403, "Thiếu api_key: việc gửi phản ánh cần khóa API.", "api_key is required to submit a request.", "api_key")
    state = _state(request, raw.params.get("jurisdiction_id") or None)
    state.limit(state.writes, f"key:{key[:200]}")
    owner = await state.key_owner(key[:200])
    if owner is None:
        raise problem(403, "api_key không hợp lệ hoặc đã bị thu hồi.", "api_key is not valid or was revoked.", "api_key")
    for _attempt in range(3):
        stored = build_request(raw, state.services, now=datetime.now(HCM), submitted_by=owner,
                               service_notice=state.settings.intake_service_notice)
        if await state.writer.create(stored):
            return JsonResponse([{"service_request_id": stored.service_request_id, "token": stored.token,
                                  "service_notice": stored.service_notice, "account_id": stored.personal.account_id}],
                                background=BackgroundTask(state.open_case, stored))
    raise problem(503, "Không cấp được mã phản ánh; hãy gửi lại.", "Could not allocate a request id; send it again.")


async def _submission(request: Request) -> RawSubmission:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if content_type == "application/json":
        return parse_json(body)
    if content_type in ("application/x-www-form-urlencoded", ""):
        return parse_form(body)
    if content_type == "multipart/form-data":
        raw = RawSubmission()
        for key, value in (await request.form()).multi_items():
            raw.add(key, value if isinstance(value, str) else "")
        return raw
    raise problem(400, f"Không hỗ trợ Content-Type '{content_type[:100]}'; dùng form-urlencoded hoặc JSON.",
                  f"Content-Type '{content_type[:100]}' is not supported; send form-urlencoded or JSON.")


def _csv(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _when(name: str, value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise problem(400, f"'{name}' phải là thời điểm ISO 8601, ví dụ 2026-11-30T08:00:00+07:00.",
                      f"'{name}' must be an ISO 8601 time, e.g. 2026-11-30T08:00:00+07:00.", name) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=HCM)


def _check_filters(statuses: list[str], start: datetime | None, end: datetime | None) -> None:
    faults = [Problem(400, f"status '{s[:20]}' không hợp lệ; chỉ có open hoặc closed.",
                      f"status '{s[:20]}' is not valid; use open or closed.", "status")
              for s in statuses if s not in Status.__members__]
    if start and end and end < start:
        faults.append(Problem(400, "end_date phải sau start_date.", "end_date must be after start_date.", "end_date"))
    elif start and end and end - start > MAX_SPAN:
        faults.append(Problem(400, "Khoảng start_date–end_date không được quá 90 ngày.",
                              "start_date to end_date may not span more than 90 days.", "end_date"))
    if faults:
        raise Problems(faults)
