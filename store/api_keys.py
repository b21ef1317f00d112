"""Intake API keys in ``<prefix>-api-keys``: stored by their SHA-256 only, looked up by a
real-time GET of that hash (a key works the moment ``langnghe intake key create`` returns)."""
from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from typing import Any

from elasticsearch import AsyncElasticsearch, Elasticsearch

from core.errors import InvalidInput
from core.service_request import API_KEYS_SCHEMA_VERSION, ApiKeyRecord
from core.settings import Settings
from store.mappings import INDEX_SETTINGS, mapping_for
from store.requests import ensure_versioned_index
from store.setup import SetupReport


def api_keys_template(prefix: str) -> dict[str, Any]:
    return {
        "index_patterns": [f"{prefix}-api-keys-v*"],
        "priority": 200,
        "version": API_KEYS_SCHEMA_VERSION,
        "_meta": {"schema_version": API_KEYS_SCHEMA_VERSION, "derived_from": "core.service_request.ApiKeyRecord"},
        "template": {"settings": INDEX_SETTINGS, "mappings": mapping_for(ApiKeyRecord)},
    }


def ensure_api_keys_index(client: Elasticsearch, settings: Settings) -> SetupReport:
    alias = settings.index_alias("api-keys")
    return ensure_versioned_index(client, alias, API_KEYS_SCHEMA_VERSION, api_keys_template(settings.index_prefix))


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(client: Elasticsearch, alias: str, name: str) -> str:
    """A new key for ``name``; only its hash is stored, so this is the one time it is seen."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("An API key needs a name of 1–100 characters (who uses it, e.g. 'app-1022').")
    key = secrets.token_urlsafe(32)
    record = ApiKeyRecord(key_hash=hash_key(key), name=name, created_at=datetime.now(UTC))
    client.index(index=alias, id=record.key_hash, document=record.to_document(), op_type="create", refresh="wait_for")
    return key


def revoke_keys(client: Elasticsearch, alias: str, name: str) -> int:
    """Revoke every active key of ``name``; returns how many."""
    client.indices.refresh(index=alias)
    hits = client.search(index=alias, size=1000, query={"bool": {"filter": [{"term": {"name": name}}],
                                                                   "must_not": [{"exists": {"field": "revoked_at"}}]}})
    now = datetime.now(UTC).isoformat()
    for hit in hits["hits"]["hits"]:
        client.update(index=alias, id=hit["_id"], doc={"revoked_at": now}, refresh="wait_for")
    return len(hits["hits"]["hits"])


def list_keys(client: Elasticsearch, alias: str) -> list[dict[str, Any]]:
    client.indices.refresh(index=alias)
    hits = client.search(index=alias, size=1000, sort=[{"created_at": "asc"}], source_excludes=["key_hash"])
    return [hit["_source"] | {"key_hash_prefix": hit["_id"][:8]} for hit in hits["hits"]["hits"]]


async def key_name(client: AsyncElasticsearch, alias: str, key: str) -> str | None:
    """The name of an active key, or None for an unknown or revoked one."""
    if not key or len(key) > 200:
        return None
    response = await client.options(ignore_status=404).get(index=alias, id=hash_key(key), realtime=True)
    if not response.get("found") or response["_source"].get("revoked_at"):
        return None
    return response["_source"]["name"]
