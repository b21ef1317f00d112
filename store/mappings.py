"""Index mappings derived from the schema classes (``core.schema``), never written by hand.

``store/templates/posts.json`` is the committed result; ``tests/store/test_mappings.py`` fails
when the schema and the committed template drift. Regenerate with ``langnghe schema --write``.
"""
from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from core.schema import SCHEMA_VERSION, Post

TEMPLATES = Path(__file__).parent / "templates"

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}


def mapping_for(model: type[BaseModel]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        nested = _nested_model(field.annotation)
        if nested is not None and not _declares_es(field.json_schema_extra):
            properties[name] = {"properties": mapping_for(nested)["properties"]}
            continue
        properties[name] = _es_of(model, name, field.json_schema_extra)
    for name, computed in model.model_computed_fields.items():
        properties[name] = _es_of(model, name, computed.json_schema_extra)
    return {"dynamic": "strict", "properties": dict(sorted(properties.items()))}


def index_template(name: str, model: type[BaseModel], version: int, prefix: str = "{prefix}") -> dict[str, Any]:
    """The index template of the ``<prefix>-<name>-v<N>`` indices holding ``model`` documents."""
    return {
        "index_patterns": [f"{prefix}-{name}-v*"],
        "priority": 200,
        "version": version,
        "_meta": {"schema_version": version, "derived_from": f"{model.__module__}.{model.__name__}"},
        "template": {"settings": INDEX_SETTINGS, "mappings": mapping_for(model)},
    }


def posts_template(prefix: str = "{prefix}") -> dict[str, Any]:
    """The index template for the posts indices (``<prefix>-posts-v<N>``)."""
    return index_template("posts", Post, SCHEMA_VERSION, prefix)


def committed_template() -> dict[str, Any]:
    return json.loads((TEMPLATES / "posts.json").read_text())


def write_template() -> Path:
    path = TEMPLATES / "posts.json"
    path.write_text(json.dumps(posts_template(), ensure_ascii=False, indent=2) + "\n")
    return path


def _es_of(model: type[BaseModel], name: str, extra: Any) -> dict[str, Any]:
    if not isinstance(extra, dict) or "es" not in extra:
        raise TypeError(f"{model.__name__}.{name} declares no Elasticsearch type (json_schema_extra=es(...))")
    return dict(extra["es"])


def _declares_es(extra: Any) -> bool:
    return isinstance(extra, dict) and "es" in extra


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``Model``, ``Model | None`` or ``list[Model]``, if any."""
    candidates = typing.get_args(annotation) if isinstance(annotation, types.UnionType) or \
        typing.get_origin(annotation) in (typing.Union, list) else (annotation,)
    for candidate in candidates:
        if typing.get_origin(candidate) is list:
            return _nested_model(candidate)
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None
