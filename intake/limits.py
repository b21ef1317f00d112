"""Protection at the door: a body-size limit (ASGI middleware, before anything is parsed) and a
token-bucket rate limit per API key or client IP.

The buckets live in the process: with several uvicorn workers each worker enforces the rate on
its own share of the connections (documented; a shared limiter would need a shared store).
"""
from __future__ import annotations

import math
import time
from collections import OrderedDict

import orjson

from intake.problems import Problem


class TokenBuckets:
    """``rate`` requests per second per identity, bursts of up to ``burst``; LRU-bounded memory."""

    def __init__(self, rate: float, burst: int, max_identities: int = 100_000) -> None:
        self.rate, self.burst, self.max_identities = rate, burst, max_identities
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, identity: str, now: float | None = None) -> float:
        """0 when allowed; otherwise the seconds to wait before the next request is allowed."""
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.pop(identity, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
        self._buckets[identity] = (tokens - 1 if wait == 0 else tokens, now)
        if len(self._buckets) > self.max_identities:
            self._buckets.popitem(last=False)
        return wait


def too_many(wait: float) -> tuple[Problem, dict[str, str]]:
    return (Problem(429, "Gửi quá nhiều yêu cầu; hãy thử lại sau ít giây.", "Too many requests; retry in a few seconds."),
            {"Retry-After": str(max(1, math.ceil(wait)))})


class BodySizeLimit:
    """Answers 413 (GeoReport error array) for bodies over ``max_bytes``, declared or streamed."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            return await self._reject(send)
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await self._reject(send)

    async def _reject(self, send) -> None:
        item = Problem(413, f"Nội dung gửi lên vượt quá {self.max_bytes} byte.",
                       f"The request body is larger than {self.max_bytes} bytes.").as_item()
        body = orjson.dumps([item])
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
