"""The group-commit writer: many concurrent creates share bulk calls, each caller hears about
its own document, an id held by another request is refused, and a retried write of the same
request counts as stored."""
from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from core.service_request import Channel, ServiceRequest
from store.client import make_client
from store.requests import GroupCommitWriter, ensure_requests_index, make_async_client

pytestmark = pytest.mark.integration


def _request(i: int, token: str = "t") -> ServiceRequest:
    return ServiceRequest(service_request_id=f"gc-{i}", token=f"{token}{i}", channel=Channel.open311, service_code="khac",
                          description=f"phản ánh {i}", requested_datetime=datetime(2026, 11, 30, tzinfo=UTC))


def test_concurrent_creates_are_batched_and_each_answered(intake_settings):
    es = make_client(intake_settings)
    alias = ensure_requests_index(es, intake_settings).alias
    calls = []

    async def run() -> tuple[list[bool], bool, bool]:
        client = make_async_client(intake_settings)
        writer = GroupCommitWriter(client, alias)
        bulk = client.bulk

        async def counting_bulk(**kwargs):
            calls.append(len(kwargs["operations"]) // 2)
            return await bulk(**kwargs)

        client.bulk = counting_bulk
        try:
            results = await asyncio.gather(*(writer.create(_request(i)) for i in range(50)))
            taken = await writer.create(_request(3, token="someone-else-"))
            retried = await writer.create(_request(4))
            return results, taken, retried
        finally:
            await client.close()

    results, taken, retried = asyncio.run(run())
    assert results == [True] * 50
    assert sum(calls[:-2]) == 50 and len(calls) - 2 < 50, f"batched: {calls}"
    assert taken is False, "an id held by another request is never overwritten"
    assert retried is True, "the same request written twice (a client retry) is stored once"
    es.indices.refresh(index=alias)
    assert es.count(index=alias)["count"] == 50
    assert es.get(index=alias, id="gc-3")["_source"]["token"] == "t3"
