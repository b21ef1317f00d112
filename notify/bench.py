"""`langnghe bench digest`: build every digest of one day — every role, every unit and each of
the 168 wards — over a generated day of posts in a scratch index prefix, and time it.

The posts are spread over the wards like a real day (a few busy wards, a long tail), with topics
and sentiment set, so every digest runs all its queries and renders both charts."""
from __future__ import annotations

import random
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from core.schema import Enrichment, Post
from core.settings import Settings

TOPICS = ("giao_thong", "ngap_nuoc", "moi_truong", "tieng_on", "trat_tu_do_thi", "dien_nuoc_vien_thong", "khac")
SENTIMENTS = ("negative", "neutral", "positive")


def generated_day(day: date, settings: Settings, posts: int, seed: int = 7) -> list[Post]:
    from nlp.places import wards
    from notify.digest import period

    rng = random.Random(seed)
    codes = [w.code for w in wards()]
    weights = [1 / (rank + 1) for rank in range(len(codes))]  # Zipf-like: some wards are busy
    start, _ = period(day, settings)
    generated = []
    for i in range(posts):
        for offset_days in (0, 7):  # this day and the same day a week earlier (sentiment change)
            when = start - timedelta(days=offset_days) + timedelta(seconds=rng.randrange(24 * 3600))
            topic, ward = rng.choice(TOPICS), rng.choices(codes, weights)[0]
            text = f"Phản ánh {topic.replace('_', ' ')} số {i} tại phường {ward}"
            generated.append(Post(
                source="bench", canonical_id=f"{offset_days}-{i}", url=f"https://bench.example/{offset_days}/{i}",
                kind="comment", text=text, published_at=when, collected_at=when, replies=rng.randrange(20),
                enrichment=Enrichment(normalized_text=text, topic=topic, sentiment=rng.choice(SENTIMENTS), ward_codes=[ward])))
    return generated


def bench_digest(settings: Settings, posts: int = 5000, day: date = date(2026, 11, 30)) -> dict[str, Any]:
    from notify.digest import build_day, digest_groups
    from store.client import make_client
    from store.setup import drop_prefix, ensure_posts_index
    from store.writer import index_posts

    scratch = settings.model_copy(update={"index_prefix": f"bench-{uuid.uuid4().hex[:8]}"})
    client = make_client(scratch)
    try:
        alias = ensure_posts_index(client, scratch).alias
        index_posts(client, alias, generated_day(day, scratch, posts))
        groups = digest_groups(scratch)
        from store.notify import ensure_notify_indices

        ensure_notify_indices(client, scratch)  # set-up is not part of building the digests
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            report = build_day(client, scratch, day, groups=groups, out=Path(out))
            seconds = time.perf_counter() - started
        return {"digests": report.digests, "seconds": round(seconds, 2), "posts_per_day": posts,
                "groups": {"roles": sum(1 for g in groups if g.role), "units": sum(1 for g in groups if g.unit),
                           "wards": sum(1 for g in groups if g.ward_code)},
                "target_seconds": 120}
    finally:
        drop_prefix(client, scratch.index_prefix)
