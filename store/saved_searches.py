"""Saved searches of the Explore page, per user, in ``<prefix>-saved-searches``.

A saved search is a Boolean query (simple_query_string syntax) plus the page's filters; its id is
the owner and the name, so saving under the same name replaces it."""
from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError
from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.errors import InvalidInput
from core.schema import es
from core.settings import Settings
from store.setup import ensure_index

SAVED_SEARCH_VERSION = 1
INDEX = "saved-searches"


class SavedSearch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(json_schema_extra=es("keyword"), description="hash of owner and name")
    owner: str = Field(json_schema_extra=es("keyword"), description="user name of the owner")
    name: str = Field(min_length=1, max_length=120, json_schema_extra=es("keyword"))
    query: str | None = Field(default=None, json_schema_extra=es("keyword", ignore_above=2048))
    filters: dict[str, Any] = Field(default_factory=dict, json_schema_extra=es("object", enabled=False),
                                    description="the Explore filters: sources, sentiments, topics, ward_codes, …")
    saved_at: datetime = Field(json_schema_extra=es("date"))

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a saved search needs a name")
        return value.strip()


def search_id(owner: str, name: str) -> str:
    return hashlib.sha256(f"{owner}\n{name.strip()}".encode()).hexdigest()[:24]


def ensure_saved_searches_index(client: Elasticsearch, settings: Settings) -> str:
    return ensure_index(client, settings, INDEX, SavedSearch, SAVED_SEARCH_VERSION).alias


def save_search(client: Elasticsearch, settings: Settings, *, owner: str, name: str, query: str | None,
                filters: dict[str, Any], now: datetime) -> SavedSearch:
    """Save (or replace, by name) one of ``owner``'s searches."""
    if not name or not name.strip():
        raise InvalidInput("A saved search needs a name.", "Type a name, e.g. 'Ngập Bình Thạnh'.")
    saved = SavedSearch(id=search_id(owner, name), owner=owner, name=name, query=(query or "").strip() or None,
                        filters=filters, saved_at=now)
    alias = ensure_saved_searches_index(client, settings)
    client.index(index=alias, id=saved.id, document=saved.model_dump(mode="json"), refresh="wait_for")
    return saved


def list_searches(client: Elasticsearch, settings: Settings, owner: str) -> list[SavedSearch]:
    """``owner``'s saved searches by name; none when nothing was ever saved."""
    try:
        response = client.search(index=settings.index_alias(INDEX), query={"term": {"owner": owner}}, size=500,
                                 sort=[{"name": "asc"}])
    except NotFoundError:
        return []
    return [SavedSearch.model_validate(h["_source"]) for h in response["hits"]["hits"]]


def delete_search(client: Elasticsearch, settings: Settings, owner: str, saved_id: str) -> bool:
    """Delete one of ``owner``'s searches (never another user's); False when it was not there."""
    try:
        doc = client.get(index=settings.index_alias(INDEX), id=saved_id)
    except NotFoundError:
        return False
    if doc["_source"]["owner"] != owner:
        return False
    client.delete(index=settings.index_alias(INDEX), id=saved_id, refresh="wait_for")
    return True
