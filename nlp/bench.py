"""`langnghe bench nlp --json`: full enrichment against bare pyvi and the transformers backend, on
the same real texts, in one run (the machine is shared and noisy: the ratios are the result).

Texts are real comments from the shipped datasets (an equal share of each corpus present, in file
order). Every cache (segmentation, the classifiers' prepared texts) is emptied before each
measurement, so no figure profits from an earlier pass over the same texts.
"""
from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.schema import Post
from core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data" / "datasets"
CORPORA = ("uit_vsfc/dev.jsonl", "vlsp2016_sa/train.jsonl", "vihsd/dev.jsonl", "uit_viocd/dev.jsonl",
           "vispamreviews/dev.jsonl", "uit_victsd/dev.jsonl", "aivivn_2019_sa/train.jsonl")
WARM_UP = 32


def bench_texts(n: int, data_dir: Path = DATA_DIR) -> tuple[list[str], list[str]]:
    """``n`` real texts and their corpus' label (for the transformers checkpoint's label set)."""
    files = [data_dir / name for name in CORPORA if (data_dir / name).is_file()]
    if not files:
        from core.errors import ModelMissing

        raise ModelMissing(f"no shipped dataset under {data_dir} to benchmark on", hint="Restore data/datasets/.")
    per_file = -(-n // len(files))
    texts, labels = [], []
    for path in files:
        with path.open(encoding="utf-8") as lines:
            for line, _ in zip(lines, range(per_file), strict=False):
                row = json.loads(line)
                texts.append(row["text"])
                labels.append(str(row.get("label")))
    return texts[:n], labels[:n]


def _clear_caches() -> None:
    from nlp.classify.sklearn_backend import clear_analysis_cache
    from nlp.segment import _segment_piece

    _segment_piece.cache_clear()
    clear_analysis_cache()


def _rate(n: int, func: Callable[[], Any]) -> float:
    _clear_caches()
    started = time.perf_counter()
    func()
    return round(n / (time.perf_counter() - started), 1)


def _posts(texts: list[str]) -> list[Post]:
    when = datetime(2026, 11, 30, tzinfo=UTC)
    return [Post(source="bench", canonical_id=str(i), url=f"https://example.vn/{i}", kind="comment", text=text, collected_at=when)
            for i, text in enumerate(texts)]


def _stages(enricher: Any, texts: list[str]) -> dict[str, float]:
    """docs/s of each step alone, to show where the time goes."""
    from nlp.language import detect
    from nlp.normalize import normalize
    from nlp.segment import segment_many

    normalized = [normalize(text) for text in texts]
    stages = {"normalize": _rate(len(texts), lambda: [normalize(text) for text in texts]),
              "segment": _rate(len(texts), lambda: segment_many(normalized)),
              "language": _rate(len(texts), lambda: detect(normalized))}
    for task, classifier in enricher.classifiers.items():
        stages[task] = _rate(len(texts), lambda c=classifier: c.predict(normalized))
    if enricher.places is not None:
        stages["places"] = _rate(len(texts), lambda: enricher.places(normalized))
    return stages


def _transformers_rate(texts: list[str], labels: list[str]) -> tuple[float | None, str | None]:
    try:
        from nlp.transformers_tiny import build_tiny_checkpoint
    except ModuleNotFoundError as exc:
        return None, f"transformers backend not available: {exc}"
    from nlp.classify.registry import load_classifier

    with tempfile.TemporaryDirectory() as folder:
        path = build_tiny_checkpoint(Path(folder) / "tiny-bench", texts, sorted(set(labels)))
        classifier = load_classifier(path)
        classifier.predict(texts[:WARM_UP])
        return _rate(len(texts), lambda: classifier.predict(texts)), None


def run_bench(settings: Settings, n: int = 3000) -> dict[str, Any]:
    from nlp.enrich import enrich, load_enricher
    from nlp.segment import _pyvi

    texts, labels = bench_texts(n)
    posts = _posts(texts)
    enricher = load_enricher(settings)
    enrich(posts[:WARM_UP], enricher)  # loads pyvi, the models and the gazetteer
    result: dict[str, Any] = {"n": len(texts), "tasks": list(settings.enrich_tasks),
                              "docs_per_s": _rate(len(texts), lambda: enrich(posts, enricher))}
    result["stages_docs_per_s"] = _stages(enricher, texts)
    result["peak_rss_mb"] = _peak_rss_mb()  # enrichment only, before torch is loaded
    tokenizer = _pyvi()
    result["pyvi_docs_per_s"] = _rate(len(texts), lambda: [tokenizer.tokenize(text) for text in texts])
    result["transformers_docs_per_s"], reason = _transformers_rate(texts, labels)
    if reason:
        result["transformers_reason"] = reason
    else:
        result["transformers_model"] = "tiny BERT built locally (nlp.transformers_tiny), PyTorch on CPU"
    result["ratio_vs_pyvi"] = round(result["docs_per_s"] / result["pyvi_docs_per_s"], 2)
    result["ratio_vs_transformers"] = (round(result["docs_per_s"] / result["transformers_docs_per_s"], 2)
                                      if result["transformers_docs_per_s"] else None)
    result["peak_rss_mb_with_transformers"] = _peak_rss_mb()
    return result


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> int:
    from core.settings import get_settings

    print(json.dumps(run_bench(get_settings()), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
