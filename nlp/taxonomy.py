"""The city's topic taxonomy (config/taxonomy.yaml), loaded and validated once.

The taxonomy is data the city edits, so every stage (the topic classifier's labels, the weak
labeller's keywords, triage routing, the dashboard's names) reads it through here and a broken
file fails with a message naming the topic and field, never halfway through a run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
TAXONOMY_FILE = ROOT / "config" / "taxonomy.yaml"
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_TEXT_FIELDS = ("name_vi", "name_en", "description", "department")


class TaxonomyError(ConfigError):
    hint = "Fix config/taxonomy.yaml (see the comments at its top); the topic model's labels come from it."


@dataclass(frozen=True)
class Topic:
    key: str
    name_vi: str
    name_en: str
    description: str
    department: str  # a key of Taxonomy.departments
    keywords: tuple[str, ...]
    fallback: bool = False


@dataclass(frozen=True)
class Taxonomy:
    version: int
    topics: tuple[Topic, ...]
    departments: dict[str, str]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(topic.key for topic in self.topics)

    @property
    def fallback(self) -> Topic:
        return next(topic for topic in self.topics if topic.fallback)

    def topic(self, key: str) -> Topic:
        for topic in self.topics:
            if topic.key == key:
                return topic
        raise KeyError(key)

    def department_name(self, key: str) -> str:
        return self.departments[self.topic(key).department]


def load_taxonomy(path: Path = TAXONOMY_FILE) -> Taxonomy:
    """Parse and validate a taxonomy file; raises TaxonomyError saying what is wrong and where."""
    import yaml

    path = Path(path)
    if not path.is_file():
        raise TaxonomyError(f"taxonomy file {path} does not exist")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("topics"), list) or not raw["topics"]:
        raise TaxonomyError(f"{path}: expected a mapping with a non-empty 'topics' list")
    departments = _departments(raw.get("departments"), path)
    topics = tuple(_topic(entry, i, departments, path) for i, entry in enumerate(raw["topics"]))
    _check_set(topics, path)
    return Taxonomy(version=int(raw.get("version", 1)), topics=topics, departments=departments)


@lru_cache(maxsize=4)
def taxonomy(path: Path = TAXONOMY_FILE) -> Taxonomy:
    """The taxonomy, cached per file (a serving process reads it once)."""
    return load_taxonomy(path)


def _departments(raw: Any, path: Path) -> dict[str, str]:
    if not isinstance(raw, dict) or not raw:
        raise TaxonomyError(f"{path}: 'departments' must map department keys to names")
    for key, name in raw.items():
        if not isinstance(key, str) or not KEY.match(key) or not isinstance(name, str) or not name.strip():
            raise TaxonomyError(f"{path}: department {key!r} needs a lower-case key and a non-empty name")
    return dict(raw)


def _topic(entry: Any, index: int, departments: dict[str, str], path: Path) -> Topic:
    where = f"{path}: topic #{index + 1}"
    if not isinstance(entry, dict):
        raise TaxonomyError(f"{where} is not a mapping")
    key = entry.get("key")
    if not isinstance(key, str) or not KEY.match(key):
        raise TaxonomyError(f"{where}: 'key' must be lower-case ASCII with underscores, got {key!r}")
    where = f"{path}: topic {key!r}"
    for name in _TEXT_FIELDS:
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise TaxonomyError(f"{where}: '{name}' is missing or empty")
    if entry["department"] not in departments:
        raise TaxonomyError(f"{where}: department {entry['department']!r} is not listed under 'departments'")
    keywords = entry.get("keywords") or []
    if not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip() for k in keywords):
        raise TaxonomyError(f"{where}: 'keywords' must be a list of non-empty strings")
    fallback = bool(entry.get("fallback", False))
    if not keywords and not fallback:
        raise TaxonomyError(f"{where}: needs keywords (only the fallback topic may have none)")
    return Topic(key=key, name_vi=entry["name_vi"].strip(), name_en=entry["name_en"].strip(),
                 description=" ".join(entry["description"].split()), department=entry["department"],
                 keywords=tuple(k.strip().lower() for k in keywords), fallback=fallback)


def _check_set(topics: tuple[Topic, ...], path: Path) -> None:
    keys = [topic.key for topic in topics]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise TaxonomyError(f"{path}: topic keys listed twice: {', '.join(duplicates)}")
    fallbacks = [topic.key for topic in topics if topic.fallback]
    if len(fallbacks) != 1:
        raise TaxonomyError(f"{path}: exactly one topic must have 'fallback: true', found {len(fallbacks)}")
