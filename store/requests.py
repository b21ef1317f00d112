"""The service-requests index: derived template, idempotent setup, writes and reads.

Requests live in ``<prefix>-requests-v<N>`` behind the alias ``<prefix>-requests``, set up
the way the posts are (template applied idempotently, versioned index, atomic alias switch).
The API acknowledges a request only after Elasticsearch confirmed its write: a write is
fsynced to the translog before Elasticsearch replies
(``index.translog.durability: request``, the default, set explicitly in the template), so an
acknowledged request survives a crash of the node. ``refresh`` stays off for throughput;
reads by id use the real-time GET, which sees a write at once; list searches see it after
the next refresh (``refresh_interval``, 1 s).

Query bodies are built by pure functions and sent by either client: the sync one (CLI,
imports) or the async one (the API).
"""
from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from elasticsearch import AsyncElasticsearch, Elasticsearch, helpers

from core.service_request import REQUESTS_SCHEMA_VERSION, ServiceRequest
from core.settings import Settings
from store.client import check_available
from store.mappings import INDEX_SETTINGS, TEMPLATES, mapping_for
from store.setup import SetupReport, _alias_targets, _check_drift, _copy

# What the public GeoReport reads return, in the spec's order; personal data, the raw
# submission and the submitting key are never read back by the API.
PUBLIC_FIELDS = ("service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                 "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                 "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url")
LIST_LIMIT = 1000  # GeoReport v2: a default query returns at most 1000 requests


def requests_template(prefix: str = "{prefix}") -> dict[str, Any]:
    """The index template for ``<prefix>-requests-v<N>``, derived from ``core.service_request``."""
    return {
        "index_patterns": [f"{prefix}-requests-v*"],
        "priority": 200,
        "version": REQUESTS_SCHEMA_VERSION,
        "_meta": {"schema_version": REQUESTS_SCHEMA_VERSION, "derived_from": "core.service_request.ServiceRequest"},
        "template": {"settings": {**INDEX_SETTINGS, "translog": {"durability": "request"}},
                     "mappings": mapping_for(ServiceRequest)},
    }


def committed_template() -> dict[str, Any]:
    return json.loads((TEMPLATES / "requests.json").read_text())


def write_template() -> Path:
    path = TEMPLATES / "requests.json"
    path.write_text(json.dumps(requests_template(), ensure_ascii=False, indent=2) + "\n")
    return path


def ensure_versioned_index(client: Elasticsearch, alias: str, version: int, template: dict[str, Any]) -> SetupReport:
    """Template, ``<alias>-v<version>`` and the alias on it; migrates older versions (as posts do)."""
    check_available(client)
    index = f"{alias}-v{version}"
    client.indices.put_index_template(name=alias, body=template)
    created = False
    if not client.indices.exists(index=index):
        client.options(ignore_status=400).indices.create(index=index)  # 400: created meanwhile by another process
        created = True
    else:
        _check_drift(client, index, template["template"]["mappings"])
    previous = _alias_targets(client, alias) - {index}
    copied = sum(_copy(client, old, index) for old in sorted(previous))
    if previous:
        actions = [{"remove": {"index": old, "alias": alias}} for old in previous]
        client.indices.update_aliases(actions=[*actions, {"add": {"index": index, "alias": alias, "is_write_index": True}}])
    elif not client.indices.exists_alias(name=alias, index=index):
        client.indices.put_alias(index=index, name=alias, body={"is_write_index": True})
    return SetupReport(alias, index, created, ",".join(sorted(previous)) or None, copied)


def ensure_requests_index(client: Elasticsearch, settings: Settings) -> SetupReport:
    alias = settings.index_alias("requests")
    return ensure_versioned_index(client, alias, REQUESTS_SCHEMA_VERSION, requests_template(settings.index_prefix))


def drop_intake_templates(client: Elasticsearch, prefix: str) -> None:
    """Delete the intake templates of one prefix (``store.setup.drop_prefix`` removes the indices)."""
    for name in ("requests", "api-keys"):
        client.options(ignore_status=404).indices.delete_index_template(name=f"{prefix}-{name}")


def make_async_client(settings: Settings) -> AsyncElasticsearch:
    """The API's pooled async client, configured like ``store.client.make_client``."""
    from store.client import client_options

    return AsyncElasticsearch(settings.es_endpoint, **client_options(settings), connections_per_node=64)


# --- writes -----------------------------------------------------------------------------


class WriteRejected(Exception):
    """Elasticsearch answered, but refused this one document (e.g. 429 under pressure)."""


class GroupCommitWriter:
    """Creates requests one per caller, but sends concurrent ones to Elasticsearch together.

    While a ``_bulk`` call is in flight, new submissions queue up; the next call takes them all
    (up to ``max_batch``). No timer: a lone request goes out at once, and under load one
    translog fsync covers a whole batch instead of one per request. Each caller is answered
    from its own item of the bulk response, so acknowledging still means "durably stored"."""

    def __init__(self, client: AsyncElasticsearch, alias: str, max_batch: int = 500) -> None:
        self.client, self.alias, self.max_batch = client, alias, max_batch
        self._pending: list[tuple[ServiceRequest, asyncio.Future[bool]]] = []
        self._task: asyncio.Task[None] | None = None

    async def create(self, request: ServiceRequest) -> bool:
        """True once stored; False if another request holds the id (``create`` never overwrites)."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._pending.append((request, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._pending:
            batch, self._pending = self._pending[:self.max_batch], self._pending[self.max_batch:]
            operations: list[dict[str, Any]] = []
            for request, _ in batch:
                operations += [{"create": {"_index": self.alias, "_id": request.service_request_id}},
                               request.to_document()]
            try:
                response = await self.client.bulk(operations=operations, refresh=False)
            except Exception as exc:  # noqa: BLE001 - every waiting caller must hear about it
                for _, future in batch:
                    _settle(future, exc=exc)
                continue
            for (request, future), item in zip(batch, response["items"], strict=True):
                outcome = item["create"]
                if outcome.get("status") in (200, 201) and outcome.get("_shards", {}).get("successful", 0) >= 1:
                    _settle(future, True)
                elif outcome.get("status") == 409:  # our own write, retried by the client after a timeout?
                    _settle(future, await self._is_ours(request))
                else:
                    _settle(future, exc=WriteRejected(f"{outcome.get('status')}: {outcome.get('error')}"))

    async def _is_ours(self, request: ServiceRequest) -> bool:
        """True when the document already under this id is this very request (same token)."""
        try:
            found = await self.client.get(index=self.alias, id=request.service_request_id, source_includes=["token"])
        except Exception:  # noqa: BLE001 - unknown: let the caller try a fresh id
            return False
        return found["_source"].get("token") == request.token


def _settle(future: asyncio.Future[bool], value: bool = False, exc: BaseException | None = None) -> None:
    if future.done():  # the caller went away (client disconnected)
        return
    if exc is not None:
        future.set_exception(exc)
    else:
        future.set_result(value)


def import_requests(client: Elasticsearch, alias: str, requests: Iterable[ServiceRequest]) -> dict[str, Any]:
    """Idempotent bulk upsert by id (``detect_noop``): re-importing the same rows changes nothing."""
    counts: dict[str, Any] = {"created": 0, "updated": 0, "unchanged": 0, "failed": []}
    actions = ({"_op_type": "update", "_index": alias, "_id": r.service_request_id,
                "doc": (doc := r.to_document()), "upsert": doc, "retry_on_conflict": 3} for r in requests)
    for ok, item in helpers.streaming_bulk(client, actions, chunk_size=500, max_retries=5, initial_backoff=1,
                                           raise_on_error=False, raise_on_exception=False):
        outcome = item.get("update", item)
        if not ok:
            counts["failed"].append({"id": outcome.get("_id"), "status": outcome.get("status"),
                                     "error": outcome.get("error")})
            continue
        key = {"created": "created", "noop": "unchanged"}.get(outcome.get("result"), "updated")
        counts[key] += 1
    client.indices.refresh(index=alias)
    return counts


# --- reads --------------------------------------------------------------------------------


async def get_public(client: AsyncElasticsearch, alias: str, request_id: str) -> dict[str, Any] | None:
    """One request by id (real-time GET: visible as soon as it was acknowledged), public fields only."""
    response = await client.options(ignore_status=404).get(index=alias, id=request_id, realtime=True,
                                                           source_includes=list(PUBLIC_FIELDS))
    return public_view(response["_source"]) if response.get("found") else None


def list_query(ids: list[str] | None = None, service_codes: list[str] | None = None,
               statuses: list[str] | None = None, start: datetime | None = None,
               end: datetime | None = None) -> dict[str, Any]:
    """GeoReport v2 filters; ``service_request_id`` given means every other filter is ignored."""
    if ids:
        return {"terms": {"service_request_id": ids}}
    filters: list[dict[str, Any]] = []
    if service_codes:
        filters.append({"terms": {"service_code": service_codes}})
    if statuses:
        filters.append({"terms": {"status": statuses}})
    if start or end:
        bounds = {k: v.isoformat() for k, v in (("gte", start), ("lte", end)) if v}
        filters.append({"range": {"requested_datetime": bounds}})
    return {"bool": {"filter": filters}}


async def search_public(client: AsyncElasticsearch, alias: str, query: dict[str, Any],
                        limit: int = LIST_LIMIT) -> list[dict[str, Any]]:
    """Matching requests, newest first, public fields only."""
    response = await client.search(index=alias, query=query, size=limit, source_includes=list(PUBLIC_FIELDS),
                                   sort=[{"requested_datetime": "desc"}, {"service_request_id": "asc"}])
    return [public_view(hit["_source"]) for hit in response["hits"]["hits"]]


async def find_by_token(client: AsyncElasticsearch, alias: str, token: str) -> list[dict[str, Any]]:
    response = await client.search(index=alias, query={"term": {"token": token}}, size=1,
                                   source_includes=["service_request_id", "token"])
    return [{"service_request_id": h["_source"]["service_request_id"], "token": h["_source"]["token"]}
            for h in response["hits"]["hits"]]


def public_view(source: dict[str, Any]) -> dict[str, Any]:
    """A stored request as GeoReport clients expect it: every public field, null when unknown."""
    return {name: source.get(name) for name in PUBLIC_FIELDS}


def count_requests(client: Elasticsearch, alias: str) -> int:
    client.indices.refresh(index=alias)
    return client.count(index=alias)["count"]
