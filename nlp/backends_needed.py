"""Which optional backends the configured models need (`make run` installs the `transformers`
extra only when one of them does)."""
from __future__ import annotations

import json
from pathlib import Path

from core.settings import Settings, get_settings
from nlp.tasks import TASKS

HEAVY = {"transformers", "cascade"}


def configured_backends(settings: Settings | None = None) -> dict[str, str]:
    """task → backend named in its model folder's meta.json (tasks without a built folder are left out)."""
    settings = settings or get_settings()
    found = {}
    for task in TASKS:
        meta = Path(getattr(settings, f"{task}_model")) / "meta.json"
        if meta.is_file():
            found[task] = json.loads(meta.read_text(encoding="utf-8")).get("backend", "sklearn")
    return found


def needs_transformers(settings: Settings | None = None) -> bool:
    return bool(HEAVY & set(configured_backends(settings).values()))


if __name__ == "__main__":
    raise SystemExit(0 if needs_transformers() else 1)
