"""The last step of a collection run: a report per source in ``<prefix>-source-runs``, and the
source's watermark moved forward when its run was clean (crawled without errors, all indexed)."""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.settings import Settings
from core.source_run import RunStatus, SourceRun

if TYPE_CHECKING:
    from pipeline.listening import Interval

logger = logging.getLogger(__name__)


def record_runs(crawled: Path, indexed: dict[str, Any], interval: Interval, settings: Settings) -> list[dict]:
    from crawlers.report import newest_published, source_run
    from crawlers.run import report_path
    from crawlers.state import advance, load_state, save_state
    from store.client import make_client
    from store.source_runs import write_runs

    crawl = json.loads(report_path(crawled).read_text(encoding="utf-8"))
    profile, since = crawl["profile"], crawl.get("since") or {}
    runs: list[SourceRun] = []
    for source, stats in sorted(crawl["sources"].items()):
        run = source_run(source, profile, interval.start, interval.end, stats,
                         indexed.get("per_source", {}).get(source, {}),
                         since=_time(since.get(source)), platform=(crawl.get("platforms") or {}).get(source))
        state = load_state(settings, profile, source)
        if run.status == RunStatus.ok:
            state = advance(state, newest_published(stats), interval.end, run.id)
            save_state(settings, state)
        runs.append(run.model_copy(update={"watermark": state.watermark, "last_success_at": state.last_success_at}))
    write_runs(make_client(settings), settings, runs)
    for run in runs:
        logger.info("%s: %s, %d items (%d new), %d pages, %d errors", run.source, run.status.value, run.items,
                    run.new, run.pages, run.errors)
    return [r.to_document() for r in runs]


def _time(value: str | None):
    from datetime import datetime

    return datetime.fromisoformat(value) if value else None
