"""Steps of the listening pipeline. Each takes the run's data interval, never ``now()``."""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
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


def run_dir(interval: Interval, profile: str, settings: Settings) -> Path:
    path = settings.spool_dir / profile / interval.key
    path.mkdir(parents=True, exist_ok=True)
    return path


def crawl(interval: Interval, profile: str | None = None, settings: Settings | None = None) -> Path:
    """Collect every configured source into ``crawled.jsonl``; documents are stamped with the interval end."""
    from crawlers.run import crawl as run_crawl

    settings = settings or get_settings()
    profile = profile or settings.profile
    out = run_dir(interval, profile, settings) / "crawled.jsonl"
    report = run_crawl(profile=profile, out=out, collected_at=interval.end, settings=settings)
    logger.info("crawl %s: %s", interval.key, report.summary())
    return out


def enrich(crawled: Path, settings: Settings | None = None) -> Path:
    """Normalise, segment and classify the crawled documents into ``enriched.jsonl``."""
    from nlp.classify.registry import load_classifier
    from nlp.enrich import enrich as enrich_posts

    settings = settings or get_settings()
    classifier = load_classifier(settings.sentiment_model)
    out = crawled.with_name("enriched.jsonl")
    part = out.with_suffix(".part")
    with part.open("w", encoding="utf-8") as handle:
        for post in enrich_posts(read_posts(crawled), classifier):
            handle.write(json.dumps(post.to_document(), ensure_ascii=False) + "\n")
    part.replace(out)
    return out


def index(enriched: Path, settings: Settings | None = None) -> dict[str, Any]:
    """Upsert the enriched documents; return counts and per-document failures."""
    from store.client import make_client
    from store.setup import ensure_posts_index
    from store.writer import index_posts

    settings = settings or get_settings()
    client = make_client(settings)
    setup = ensure_posts_index(client, settings)
    report = index_posts(client, setup.alias, read_posts(enriched))
    result = report.as_dict() | {"alias": setup.alias, "file": str(enriched)}
    enriched.with_name("indexed.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    return result


def run_once(interval: Interval, profile: str | None = None, settings: Settings | None = None) -> dict[str, Any]:
    """One full pass: the same three calls the DAG makes, in one process."""
    settings = settings or get_settings()
    return index(enrich(crawl(interval, profile, settings), settings), settings)


def read_posts(path: Path) -> Iterator[Post]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield Post.from_document(json.loads(line))
            except ValueError as exc:
                raise InvalidInput(f"{path}:{number} is not a valid document: {exc}") from exc
