"""Steps of the listening pipeline. Each takes the run's data interval, never ``now()``.

crawl → enrich → index → record: files in the run's spool folder carry the documents between
steps, so a step can be retried alone and Elasticsearch being down loses nothing crawled. Only
``record`` (after everything was indexed) moves a source's watermark forward.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from pathlib import Path
from typing import Any

from core.errors import InvalidInput
from core.schema import Post
from core.settings import Settings, get_settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime

    @property
    def key(self) -> str:
        return f"{self.start:%Y%m%dT%H%M%S}--{self.end:%Y%m%dT%H%M%S}"


def run_dir(interval: Interval, profile: str, settings: Settings, sources: list[str] | None = None) -> Path:
    """``<spool>/<profile>/<interval>/`` for all sources, ``…/<interval>/<source>/`` for a chosen few,
    so one DAG per source never shares files with another over the same interval."""
    path = settings.spool_dir / profile / interval.key
    if sources:
        path = path / "+".join(sorted(sources))
    path.mkdir(parents=True, exist_ok=True)
    return path


def crawl(interval: Interval, profile: str | None = None, settings: Settings | None = None,
          sources: list[str] | None = None, since: datetime | None = None) -> Path:
    """Collect ``sources`` (default: all configured) into ``crawled.jsonl``; documents are stamped with
    the interval end. Each source starts from its watermark, or from ``since`` (a backfill) when given."""
    from crawlers.run import crawl as run_crawl
    from crawlers.sources import plan_sources
    from crawlers.state import parse_since, since_for

    settings = settings or get_settings()
    profile = profile or settings.profile
    backfill = since or parse_since(settings.backfill_since)
    names = [p.name for p in plan_sources(profile, sources, demo_url="http://127.0.0.1", path=settings.sources_file)]
    bounds = {name: since_for(settings, profile, name, backfill) for name in names}
    out = run_dir(interval, profile, settings, sources) / "crawled.jsonl"
    report = run_crawl(profile=profile, out=out, collected_at=interval.end, sources=sources, settings=settings,
                       since=bounds)
    logger.info("crawl %s: %s", interval.key, report.summary())
    return out


def enrich(crawled: Path, settings: Settings | None = None) -> Path:
    """Normalise, segment, detect the language, classify every task and find the places of the
    crawled documents into ``enriched.jsonl`` (the tasks of the ``enrich_tasks`` setting)."""
    from nlp.enrich import enrich as enrich_posts
    from nlp.enrich import load_enricher

    settings = settings or get_settings()
    enricher = load_enricher(settings)
    out = crawled.with_name("enriched.jsonl")
    part = out.with_suffix(".part")
    with part.open("w", encoding="utf-8") as handle:
        for post in enrich_posts(read_posts(crawled), enricher):
            handle.write(json.dumps(post.to_document(), ensure_ascii=False) + "\n")
    part.replace(out)
    return out


def index(enriched: Path, settings: Settings | None = None) -> dict[str, Any]:
    """Upsert the enriched documents; return counts (in all and per source) and per-document failures."""
    from store.client import make_client
    from store.setup import ensure_posts_index
    from store.writer import index_posts

    settings = settings or get_settings()
    client = make_client(settings)
    setup = ensure_posts_index(client, settings)
    totals: dict[str, Any] = {"created": 0, "updated": 0, "unchanged": 0, "failed": [], "total": 0}
    per_source: dict[str, dict[str, int]] = {}
    posts = sorted(read_posts(enriched), key=lambda p: p.source)
    for source, group in groupby(posts, key=lambda p: p.source):
        report = index_posts(client, setup.alias, group, refresh=False).as_dict()
        per_source[source] = {k: report[k] for k in ("created", "updated", "unchanged", "total")}
        per_source[source]["failed"] = len(report["failed"])
        for key in ("created", "updated", "unchanged", "total"):
            totals[key] += report[key]
        totals["failed"] += report["failed"]
    client.indices.refresh(index=setup.alias)
    result = totals | {"per_source": per_source, "alias": setup.alias, "file": str(enriched)}
    enriched.with_name("indexed.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    return result


def record(crawled: Path, indexed: dict[str, Any], interval: Interval, settings: Settings | None = None) -> list[dict]:
    """Index each source's run report and, for a source whose run was clean, move its watermark on."""
    from pipeline.source_runs import record_runs

    return record_runs(crawled, indexed, interval, settings or get_settings())


def run_once(interval: Interval, profile: str | None = None, settings: Settings | None = None,
             sources: list[str] | None = None, since: datetime | None = None) -> dict[str, Any]:
    """One full pass: the same four calls the DAGs make, in one process."""
    settings = settings or get_settings()
    crawled = crawl(interval, profile, settings, sources, since)
    result = index(enrich(crawled, settings), settings)
    runs = record(crawled, result, interval, settings)
    return result | {"runs": {r["source"]: r["status"] for r in runs}}


def read_posts(path: Path) -> Iterator[Post]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield Post.from_document(json.loads(line))
            except ValueError as exc:
                raise InvalidInput(f"{path}:{number} is not a valid document: {exc}") from exc
