"""The data files the city edits (config/routing.yaml, units.yaml, deadlines.yaml), read and
validated once per file version: a bad file is a clear ConfigError naming the file."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from core.errors import ConfigError


def _as_list(value: object) -> list | None:
    if value is None:
        return None
    return value if isinstance(value, list) else [value]


class Unit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    name_en: str = ""
    kind: Literal["department", "police", "infrastructure", "utility", "transit", "reception", "ward_pc"]


class UnitsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    units: list[Unit]


class Area(BaseModel):
    model_config = ConfigDict(extra="forbid")

    wards: list[str] = Field(default_factory=list)
    old_districts: list[str] = Field(default_factory=list)


class RoutingRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    unit: str
    topic: list[str] | None = None
    legal_type: list[str] | None = None
    wards: list[str] | None = None
    areas: list[str] | None = None
    keywords: list[str] | None = None

    _lists = field_validator("topic", "legal_type", "wards", "areas", "keywords", mode="before")(_as_list)


class Fallback(BaseModel):
    id: str = "fallback"
    unit: str


class RoutingFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fallback: Fallback
    areas: dict[str, Area] = Field(default_factory=dict)
    owners: dict[str, str] = Field(default_factory=dict,
                                   description="topic → department that owns the category city-wide (systemic signals)")
    rules: list[RoutingRule]


class DeadlineRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    days: int = Field(gt=0)
    complex_days: int | None = Field(default=None, gt=0)
    count: Literal["calendar_days", "working_days"]
    source: str = Field(min_length=10, description="the legal source (or 'internal' and why)")
    legal_type: list[str] | None = None
    topic: list[str] | None = None

    _lists = field_validator("legal_type", "topic", mode="before")(_as_list)


class DeadlinesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rules: list[DeadlineRule]


def _load(path: Path, model: type[BaseModel]) -> BaseModel:
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError as exc:
        raise ConfigError(f"{path} does not exist.") from exc
    return _parse(path, mtime, model)


@lru_cache(maxsize=32)
def _parse(path: Path, mtime: int, model: type[BaseModel]) -> BaseModel:
    try:
        return model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"{path} is not valid: {exc}", f"Fix {path.name}; nothing was routed with it.") from exc


def load_units(path: Path) -> UnitsFile:
    return _load(path, UnitsFile)  # type: ignore[return-value]


def load_routing(path: Path, units_path: Path) -> RoutingFile:
    routing: RoutingFile = _load(path, RoutingFile)  # type: ignore[assignment]
    known = {u.id for u in load_units(units_path).units} | {"{ward_pc}"}
    pairs = [(r.unit, r.id) for r in routing.rules] + [(routing.fallback.unit, "fallback")]
    pairs += [(unit, f"owners.{topic}") for topic, unit in routing.owners.items()]
    for unit, where in pairs:
        if unit not in known:
            raise ConfigError(f"{path}: rule {where} routes to unknown unit {unit!r}.",
                              f"Add it to {units_path.name} or fix the rule.")
    for rule in routing.rules:
        for area in rule.areas or []:
            if area not in routing.areas:
                raise ConfigError(f"{path}: rule {rule.id} names unknown area {area!r}.", "Define it under `areas:`.")
    return routing


def load_deadlines(path: Path) -> DeadlinesFile:
    return _load(path, DeadlinesFile)  # type: ignore[return-value]
