"""Idempotent Elasticsearch setup, run on every start: template, versioned index, alias.

Documents are written through the alias ``<prefix>-posts``; the index behind it is
``<prefix>-posts-v<SCHEMA_VERSION>``. When the schema version moves on, a new index is
created from the template, the old documents are copied over in Python (scroll + bulk:
``_reindex`` is not in every distribution) and the alias is switched in one atomic call.
"""
from __future__ import annotations

from dataclasses import dataclass

from elasticsearch import Elasticsearch, helpers
from pydantic import BaseModel

from core.errors import ConfigError
from core.schema import SCHEMA_VERSION, Post
from core.settings import Settings
from store.client import check_available
from store.mappings import index_template


@dataclass(frozen=True)
class SetupReport:
    alias: str
    index: str
    created: bool
    migrated_from: str | None
    copied: int


def ensure_posts_index(client: Elasticsearch, settings: Settings) -> SetupReport:
    return ensure_index(client, settings, "posts", Post, SCHEMA_VERSION)


def ensure_index(client: Elasticsearch, settings: Settings, name: str, model: type[BaseModel], version: int) -> SetupReport:
    """Template, versioned index and alias ``<prefix>-<name>`` for ``model`` documents, idempotently;
    documents of an older version are copied into the new index and the alias switched atomically."""
    check_available(client)
    alias = settings.index_alias(name)
    index = f"{alias}-v{version}"
    template = index_template(name, model, version, settings.index_prefix)
    client.indices.put_index_template(name=alias, body=template)  # idempotent by name
    created = False
    if not client.indices.exists(index=index):
        client.indices.create(index=index)
        created = True
    else:
        _check_drift(client, index, template["template"]["mappings"])
    previous = _alias_targets(client, alias) - {index}
    copied = 0
    if previous:
        for old in sorted(previous):
            copied += _copy(client, old, index)
        actions = [{"remove": {"index": old, "alias": alias}} for old in previous]
        actions.append({"add": {"index": index, "alias": alias, "is_write_index": True}})
        client.indices.update_aliases(actions=actions)
    elif not client.indices.exists_alias(name=alias, index=index):
        client.indices.put_alias(index=index, name=alias, body={"is_write_index": True})
    return SetupReport(alias, index, created, ",".join(sorted(previous)) or None, copied)


def _alias_targets(client: Elasticsearch, alias: str) -> set[str]:
    if not client.indices.exists_alias(name=alias):
        return set()
    return set(client.indices.get_alias(name=alias).body)


def _copy(client: Elasticsearch, source: str, target: str) -> int:
    """Copy documents to the new index, dropping fields the new mapping no longer has."""
    fields = set(client.indices.get_mapping(index=target)[target]["mappings"]["properties"])
    actions = ({"_index": target, "_id": hit["_id"],
                "_source": {k: v for k, v in hit["_source"].items() if k in fields}}
               for hit in helpers.scan(client, index=source, query={"query": {"match_all": {}}}))
    ok, _ = helpers.bulk(client, actions, raise_on_error=True, refresh="wait_for")
    return ok


def _check_drift(client: Elasticsearch, index: str, expected: dict) -> None:
    live = client.indices.get_mapping(index=index)[index]["mappings"]
    if _normalise(live) != _normalise(expected):
        raise ConfigError(
            f"The mapping of {index} differs from the one derived from core/schema.py.",
            "Bump SCHEMA_VERSION in core/schema.py and regenerate the template "
            "(`langnghe schema --write`); the next start migrates into a new index.")


def _normalise(mapping: dict) -> dict:
    """A mapping without what Elasticsearch leaves out when it returns one: defaults
    (``analyzer: standard``) and the implicit ``type: object`` of nested properties."""
    props = {}
    for name, spec in mapping.get("properties", {}).items():
        if "properties" in spec:
            props[name] = _normalise(spec)
        else:
            props[name] = {k: v for k, v in spec.items() if not (k == "analyzer" and v == "standard")}
    return {"properties": props}


def drop_prefix(client: Elasticsearch, prefix: str) -> list[str]:
    """Delete every index and index template of one index prefix (tests, benchmarks).

    Indices are deleted by name: clusters refuse wildcard deletes (destructive_requires_name)."""
    names = [n for n in client.options(ignore_status=404).indices.get(index=f"{prefix}-*",
                                                                     expand_wildcards="all").body
             if n.startswith(f"{prefix}-")]
    if names:
        client.indices.delete(index=",".join(names))
    templates = client.options(ignore_status=404).indices.get_index_template(name=f"{prefix}-*").body
    for template in templates.get("index_templates", []):
        client.indices.delete_index_template(name=template["name"])
    return names
