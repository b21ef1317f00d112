"""Per-source crawl state: the watermark that makes crawling incremental.

Kept as one small JSON file per source and profile under ``<data_dir>/state/``, written
atomically. Not in Elasticsearch on purpose: a crawl must run (and spool) while Elasticsearch is
down, and the state is only advanced after the run's documents were indexed, so an outage can
never move the watermark past documents that are not in the index yet.
"""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel

from core.settings import Settings


class SourceState(BaseModel):
    source: str
    profile: str
    watermark: datetime | None = None      # newest publication time indexed so far
    last_success_at: datetime | None = None  # interval end of the last run that indexed everything
    last_run_id: str | None = None


def state_path(settings: Settings, profile: str, source: str) -> Path:
    return settings.data_dir / "state" / profile / f"{source}.json"


def load_state(settings: Settings, profile: str, source: str) -> SourceState:
    path = state_path(settings, profile, source)
    if not path.is_file():
        return SourceState(source=source, profile=profile)
    return SourceState.model_validate_json(path.read_text(encoding="utf-8"))


def save_state(settings: Settings, state: SourceState) -> Path:
    path = state_path(settings, state.profile, state.source)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(state.model_dump_json(indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def advance(state: SourceState, newest: datetime | None, interval_end: datetime, run_id: str) -> SourceState:
    """The state after a successful run: the watermark only moves forward, and never past the run's end."""
    candidates = [t for t in (state.watermark, newest and min(newest, interval_end)) if t is not None]
    return state.model_copy(update={"watermark": max(candidates) if candidates else None,
                                    "last_success_at": max(filter(None, [state.last_success_at, interval_end])),
                                    "last_run_id": run_id})


def since_for(settings: Settings, profile: str, source: str, backfill: datetime | None = None) -> datetime | None:
    """Where a run starts: the backfill bound when given, else the source's watermark."""
    return backfill if backfill is not None else load_state(settings, profile, source).watermark


def parse_since(value: str | None) -> datetime | None:
    """``--since`` / LANGNGHE_BACKFILL_SINCE: an ISO date or time; naive means Asia/Ho_Chi_Minh."""
    if not value:
        return None
    from core.errors import InvalidInput
    from crawlers.dates import VIETNAM

    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"--since {value!r} is not an ISO date or time", "Use e.g. 2026-11-01 or 2026-11-01T08:00+07:00.") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=VIETNAM)
