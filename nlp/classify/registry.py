"""Backends by name, and loading a model folder by its ``meta.json``.

A model folder holds ``meta.json`` (backend, labels, model_id, artifact, …) beside the artifact
the backend reads. The backend named there is imported on demand as
``nlp.classify.<backend>_backend``, so a new backend is one new module and no edit here.
"""
from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from core.errors import ModelMissing
from nlp.classify.base import Classifier

META_FILE = "meta.json"
REQUIRED_META = ("backend", "labels", "model_id")

C = TypeVar("C", bound=type[Classifier])

_BACKENDS: dict[str, type[Classifier]] = {}
_LOADED: dict[Path, Classifier] = {}


def register_backend(name: str) -> Callable[[C], C]:
    def decorator(cls: C) -> C:
        known = _BACKENDS.get(name)
        if known is not None and known.__qualname__ != cls.__qualname__:
            raise ValueError(f"backend {name!r} is already registered by {known.__qualname__}")
        cls.backend = name
        _BACKENDS[name] = cls
        return cls

    return decorator


def backend_class(name: str) -> type[Classifier]:
    if name not in _BACKENDS:
        _import_backend(name)
    if name not in _BACKENDS:
        raise ModelMissing(f"no classifier backend named {name!r} (known: {', '.join(sorted(_BACKENDS))})",
                           hint="Check 'backend' in the model's meta.json, or rebuild it with `make models`.")
    return _BACKENDS[name]


def _import_backend(name: str) -> None:
    module = f"nlp.classify.{name}_backend"
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return
        raise ModelMissing(f"the {name!r} classifier backend needs the package {exc.name!r}, which is not installed",
                           hint=f"Install {exc.name} into the project's environment.") from exc


def read_meta(path: Path) -> dict[str, Any]:
    """The parsed meta.json of a model folder, or ModelMissing saying what is absent."""
    if not path.is_dir():
        raise ModelMissing(f"model folder {path} does not exist")
    meta_file = path / META_FILE
    if not meta_file.is_file():
        raise ModelMissing(f"model folder {path} has no {META_FILE}")
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelMissing(f"{meta_file} is not valid JSON ({exc})") from exc
    missing = [key for key in REQUIRED_META if not meta.get(key)] if isinstance(meta, dict) else list(REQUIRED_META)
    if missing:
        raise ModelMissing(f"{meta_file} lacks {', '.join(missing)}")
    artifact = meta.get("artifact")
    if artifact and not (path / artifact).exists():
        raise ModelMissing(f"model artifact {path / artifact} is missing (only the model card and meta are committed)")
    return meta


def load_classifier(path: Path) -> Classifier:
    """The classifier in ``path``, loaded once per process and path (see ``clear_cache``)."""
    key = Path(path).resolve()
    if key not in _LOADED:
        meta = read_meta(key)
        _LOADED[key] = backend_class(meta["backend"]).load(key, meta)
    return _LOADED[key]


def clear_cache() -> None:
    """Forget loaded models, e.g. after rebuilding one in the same process."""
    _LOADED.clear()
