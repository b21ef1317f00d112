"""The intake API: Open311 GeoReport v2 under ``/open311/v2/`` (FastAPI; OpenAPI at /openapi.json).

``create_app(settings)`` builds the app around its real store; ``uvicorn intake.app:create_app
--factory`` (what ``langnghe intake serve`` runs) builds it from the environment. Every error,
the framework's own included (unknown route, wrong method, bad query type), is answered in
GeoReport's error-array shape.
"""
from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from elasticsearch import AsyncElasticsearch
from elasticsearch import exceptions as es_exceptions
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.settings import Settings, get_settings
from intake.limits import BodySizeLimit, TokenBuckets, too_many
from intake.problems import Problem, Problems
from intake.services import Catalogue, catalogue
from store.api_keys import hash_key, key_name
from store.requests import GroupCommitWriter, WriteRejected, make_async_client

log = logging.getLogger(__name__)

API_PREFIX = "/open311/v2"


class JsonResponse(JSONResponse):
    """JSON via orjson (UTF-8, no ASCII escapes); a JSONResponse, so the OpenAPI document
    describes the models returned with it."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


@dataclass
class IntakeState:
    """What the endpoints share in one process: settings, services, the pooled ES client,
    the rate-limit buckets and a short-lived cache of checked API keys."""

    settings: Settings
    services: Catalogue
    reads: TokenBuckets
    writes: TokenBuckets
    _es: AsyncElasticsearch | None = None
    _writer: GroupCommitWriter | None = None
    _keys: dict[str, tuple[str | None, float]] = field(default_factory=dict)
    _cases: Any = None

    @property
    def es(self) -> AsyncElasticsearch:
        if self._es is None:
            self._es = make_async_client(self.settings)
        return self._es

    @property
    def writer(self) -> GroupCommitWriter:
        if self._writer is None:
            self._writer = GroupCommitWriter(self.es, self.requests_alias)
        return self._writer

    @property
    def requests_alias(self) -> str:
        return self.settings.index_alias("requests")

    def limit(self, buckets: TokenBuckets, identity: str) -> None:
        wait = buckets.take(identity)
        if wait > 0:
            item, headers = too_many(wait)
            raise Problems([item], headers)

    def open_case(self, stored: Any) -> None:
        """Queue the request's case to be opened (after the answer is sent). One worker thread
        opens them in order, so a burst of submissions never competes with the API for the CPU;
        a failure is logged, not lost: the `intake_cases` DAG opens any missing case minutes later."""
        if not self.settings.intake_open_cases:
            return
        if self._cases is None:
            import queue
            import threading

            self._cases = queue.SimpleQueue()
            threading.Thread(target=self._open_cases, name="intake-cases", daemon=True).start()
        self._cases.put(stored)

    def _open_cases(self) -> None:
        from store.client import make_client
        from triage.intake_cases import open_case_for_request

        client = make_client(self.settings)
        while True:
            stored = self._cases.get()
            try:
                open_case_for_request(client, self.settings, stored, datetime.now(UTC))
            except Exception:  # noqa: BLE001 (the sweep retries; the submission itself is stored)
                log.exception("could not open the case of request %s now; the intake_cases sweep will",
                              getattr(stored, "service_request_id", "?"))

    async def key_owner(self, key: str) -> str | None:
        """The name of a valid key (cached for ``intake_key_cache_seconds``), else None."""
        digest = hash_key(key)
        cached = self._keys.get(digest)
        now = time.monotonic()
        if cached and cached[1] > now:
            return cached[0]
        name = await key_name(self.es, self.settings.index_alias("api-keys"), key)
        if len(self._keys) > 10_000:
            self._keys.clear()
        self._keys[digest] = (name, now + self.settings.intake_key_cache_seconds)
        return name


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    state = IntakeState(settings=settings, services=catalogue(),
                        reads=TokenBuckets(settings.intake_rate_per_second, settings.intake_rate_burst),
                        writes=TokenBuckets(settings.intake_rate_per_second, settings.intake_rate_burst))

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await asyncio.to_thread(ensure_intake_indices, settings)
        yield
        if state._es is not None:
            await state._es.close()

    app = FastAPI(title="Lắng Nghe — tiếp nhận phản ánh (Open311 GeoReport v2)", version="2",
                  description="Citizen service requests for Ho Chi Minh City, GeoReport v2 JSON. "
                              "Writes need the spec's api_key parameter.",
                  lifespan=lifespan, default_response_class=JsonResponse)
    app.state.intake = state
    app.add_middleware(BodySizeLimit, max_bytes=settings.intake_max_body_bytes)
    _install_error_handlers(app)
    from intake.routes import router

    app.include_router(router, prefix=API_PREFIX)

    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def ensure_intake_indices(settings: Settings) -> None:
    from store.api_keys import ensure_api_keys_index
    from store.client import make_client
    from store.requests import ensure_requests_index

    client = make_client(settings)
    ensure_requests_index(client, settings)
    ensure_api_keys_index(client, settings)


def error_response(problems: Problems) -> JsonResponse:
    return JsonResponse(problems.body(), status_code=problems.status, headers=problems.headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problems)
    async def _problems(request: Request, exc: Problems) -> JsonResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JsonResponse:
        faults = []
        for error in exc.errors():
            name = str(error["loc"][-1]) if error.get("loc") else "request"
            faults.append(Problem(400, f"Tham số '{name}' không hợp lệ: {error['msg']}.",
                                  f"Parameter '{name}' is not valid: {error['msg']}.", name))
        return error_response(Problems(faults or [Problem(400, "Yêu cầu không hợp lệ.", "Invalid request.")]))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JsonResponse:
        texts = {404: ("Không có địa chỉ này.", "No such resource."),
                 405: ("Phương thức không được hỗ trợ ở địa chỉ này.", "Method not allowed here.")}
        vi, en = texts.get(exc.status_code, ("Yêu cầu không hợp lệ.", str(exc.detail)))
        return error_response(Problems([Problem(exc.status_code, vi, en)], dict(exc.headers or {})))

    @app.exception_handler(WriteRejected)
    @app.exception_handler(es_exceptions.ApiError)
    @app.exception_handler(es_exceptions.TransportError)
    async def _store_down(request: Request, exc: Exception) -> JsonResponse:
        return error_response(Problems([Problem(
            503, "Kho dữ liệu tạm thời không phản hồi; yêu cầu có thể chưa được lưu, hãy gửi lại.",
            "The store is not answering; the request may not have been stored: send it again.")],
            {"Retry-After": "5"}))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JsonResponse:
        return error_response(Problems([Problem(500, "Lỗi máy chủ; yêu cầu có thể chưa được lưu.",
                                                "Server error; the request may not have been stored.")]))
