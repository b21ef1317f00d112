"""`make bench`: each benchmark measures our way and a baseline in the same run and prints
the ratio (this machine is shared and noisy, so absolute times are context only).

- index: the bulk writer (`store.writer.index_posts`) vs one update request per document;
  and re-indexing the same posts (all no-ops) vs the first write.
- classify: one batched `predict()` call vs one call per text — why the interface is batch-first.
"""
from __future__ import annotations

import json
import sys
import time
import uuid
from datetime import UTC, datetime

from core.schema import Post
from core.settings import get_settings


def _posts(n: int) -> list[Post]:
    now = datetime(2026, 11, 30, tzinfo=UTC)
    texts = ["Đường Nguyễn Hữu Cảnh lại ngập sau mưa", "Kẹt xe kéo dài ở vòng xoay Hàng Xanh",
             "Rác thải tràn ra đường ở Bình Thạnh", "Công viên bờ sông rất đẹp và sạch"]
    return [Post(source="bench", canonical_id=str(i), url=f"https://example.vn/{i}", kind="comment",
                 text=f"{texts[i % 4]} (#{i})", published_at=now, collected_at=now) for i in range(n)]


def _timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def bench_index(n: int = 2000) -> dict:
    from services.elasticsearch import EmbeddedElasticsearch
    from store.client import make_client
    from store.setup import drop_prefix, ensure_posts_index
    from store.writer import index_posts

    settings = get_settings().model_copy(update={"index_prefix": f"bench-{uuid.uuid4().hex[:8]}"})
    node = EmbeddedElasticsearch(settings) if settings.es_embedded else None
    started = node.ensure_started(progress=lambda m: print(m, file=sys.stderr)) if node else False
    client = make_client(settings)
    try:
        alias = ensure_posts_index(client, settings).alias
        posts = _posts(n)
        single = posts[: n // 10]
        t_single = _timed(lambda: [client.update(index=alias, id=p.id, doc=p.to_document(), doc_as_upsert=True)
                                   for p in single])
        bulk_posts = posts[n // 10:]
        t_bulk = _timed(lambda: index_posts(client, alias, bulk_posts))
        t_again = _timed(lambda: index_posts(client, alias, bulk_posts))
        per_doc_single, per_doc_bulk = t_single / len(single), t_bulk / len(bulk_posts)
        return {"docs_single": len(single), "docs_bulk": len(bulk_posts),
                "bulk_speedup_vs_single_requests": round(per_doc_single / per_doc_bulk, 1),
                "noop_reindex_vs_first_write": round(t_again / t_bulk, 2),
                "context_bulk_docs_per_s": round(len(bulk_posts) / t_bulk)}
    finally:
        drop_prefix(client, settings.index_prefix)
        if started:
            node.stop()


def bench_classify(n: int = 2000) -> dict:
    from nlp.classify.registry import load_classifier

    classifier = load_classifier(get_settings().sentiment_model)
    texts = [p.text for p in _posts(n)]
    classifier.predict(texts[:10])  # warm up
    t_batch = _timed(lambda: classifier.predict(texts))
    sample = texts[: n // 10]
    t_single = _timed(lambda: [classifier.predict([t]) for t in sample])
    return {"texts": n, "batch_speedup_vs_one_by_one": round((t_single / len(sample)) / (t_batch / n), 1),
            "context_batch_texts_per_s": round(n / t_batch)}


def main() -> int:
    results = {"classify": bench_classify(), "index": bench_index()}
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
