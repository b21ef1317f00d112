"""The transformers backend's CPU paths against each other, on the same texts in one run.

    python -m benchmarks.transformers_speed                    # build + briefly fine-tune a small BERT
    python -m benchmarks.transformers_speed --size base --train-steps 0   # PhoBERT-base shape, speed only
    python -m benchmarks.transformers_speed --model models/sentiment-phobert-v1-…   # a real model folder

Prints one JSON object: for each runtime (float32 PyTorch, PyTorch dynamic int8, ONNX Runtime,
ONNX Runtime int8) docs/s, the speed-up over float32 PyTorch, how often the labels agree with
it, and accuracy on UIT-VSFC dev texts; and a cascade (a scikit-learn model trained on the same
texts first) at a few thresholds, with how many texts reached the transformer. A model folder given with
--model gets model.onnx / model.int8.onnx exported into it on first use.
The machine is shared and noisy: the ratios are the result, absolute docs/s are context.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VSFC = ROOT / "data" / "datasets" / "uit_vsfc"
LABELS = ["negative", "neutral", "positive"]


def _timed_predict(classifier: Any, texts: list[str], repeats: int, warm: bool = True) -> tuple[float, list[Any]]:
    """Best of ``repeats`` wall times for one batched predict() (after a warm-up batch)."""
    if warm:
        classifier.predict(texts[:8])
    best, predictions = float("inf"), []
    for _ in range(repeats):
        started = time.perf_counter()
        predictions = classifier.predict(texts)
        best = min(best, time.perf_counter() - started)
    return best, predictions


def _accuracy(predictions: Sequence[Any], gold: Sequence[str]) -> float:
    return round(sum(p.label == g for p, g in zip(predictions, gold, strict=True)) / len(gold), 4)


def _build_model(work: Path, size: str, train_steps: int, n_train: int) -> Path:
    from nlp.evaluate import read_labelled_jsonl
    from nlp.tasks import Corpus, Split, TaskData
    from nlp.transformers_tiny import build_tiny_checkpoint
    from nlp.transformers_train import train_transformer

    texts, labels = read_labelled_jsonl(VSFC / "train.jsonl")
    base = build_tiny_checkpoint(work / f"{size}-base", texts, LABELS, size=size, vocab_size=8000)
    if train_steps == 0:
        return base
    dev = Split(*read_labelled_jsonl(VSFC / "dev.jsonl"))
    data = TaskData([Corpus("uit_vsfc", Split(texts[:n_train], labels[:n_train]), Split(dev.texts[:200], dev.labels[:200]))])
    out = work / f"sentiment-{size}bert-bench"
    train_transformer("sentiment", data, base, out, max_steps=train_steps, epochs=99, batch_size=32,
                      learning_rate=1e-3 if size == "tiny" else 3e-4, class_weight="balanced", log_every=50,
                      runtime="onnx")  # what the cascade below serves with
    return out


def _fast_model(work: Path, n_train: int) -> Path:
    """A scikit-learn model (backend defaults) on the same UIT-VSFC train texts as the transformer,
    so the cascade is scored on dev texts neither model saw (the shipped model is refit on dev)."""
    from nlp.classify.sklearn_backend import SklearnClassifier
    from nlp.evaluate import read_labelled_jsonl

    texts, labels = read_labelled_jsonl(VSFC / "train.jsonl")
    classifier = SklearnClassifier.fit(texts[:n_train], labels[:n_train], "sentiment-fast-bench")
    out = work / classifier.model_id
    classifier.save(out)
    meta = {"backend": "sklearn", "model_id": classifier.model_id, "labels": classifier.labels, "artifact": "model.joblib"}
    (out / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return out


def _cascade(fast_dir: Path, transformer_dir: Path, texts: list[str], gold: list[str], work: Path) -> dict[str, Any]:
    from nlp.classify.registry import load_classifier

    results = {}
    for threshold in (0.0, 0.6, 0.8, 1.0):
        folder = work / f"cascade-{threshold}"
        folder.mkdir(exist_ok=True)
        meta = {"backend": "cascade", "model_id": folder.name, "labels": LABELS, "fast": str(fast_dir),
                "transformer": str(transformer_dir), "threshold": threshold}
        (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        cascade = load_classifier(folder)
        seconds, predictions = _timed_predict(cascade, texts, 2)
        results[str(threshold)] = {"docs_per_s": round(len(texts) / seconds, 1), "to_transformer": cascade.last_counts["transformer"],
                                   "accuracy": _accuracy(predictions, gold)}
    return results


def _compare(model: Path, runtimes: Sequence[str], texts: list[str], gold: list[str], repeats: int,
             threads: int) -> dict[str, Any]:
    """Each runtime on the same texts: docs/s, speed-up over float32 PyTorch, label agreement with it.
    Repeats are interleaved (torch, int8, onnx, … then again) so a burst of load on the shared
    machine hits every runtime alike; the best time of each counts."""
    from nlp.classify.transformers_backend import load_transformer

    loaded, load_seconds = {}, {}
    for runtime in ("torch", *[r for r in runtimes if r != "torch"]):
        started = time.perf_counter()
        loaded[runtime] = load_transformer(model, runtime=runtime, threads=threads)
        load_seconds[runtime] = time.perf_counter() - started
        loaded[runtime].predict(texts[:8])
    best = dict.fromkeys(loaded, float("inf"))
    predictions: dict[str, list[Any]] = {}
    for _ in range(repeats):
        for runtime, classifier in loaded.items():
            seconds, predictions[runtime] = _timed_predict(classifier, texts, 1, warm=False)
            best[runtime] = min(best[runtime], seconds)
    rows = {}
    for runtime in loaded:
        pairs = list(zip(predictions["torch"], predictions[runtime], strict=True))
        rows[runtime] = {
            "docs_per_s": round(len(texts) / best[runtime], 1), "load_s": round(load_seconds[runtime], 1),
            "speedup_vs_torch": round(best["torch"] / best[runtime], 2),
            "label_agreement_with_torch": round(sum(a.label == b.label for a, b in pairs) / len(texts), 4),
            "max_prob_diff_vs_torch": round(max(abs(a.scores[k] - b.scores[k]) for a, b in pairs for k in a.scores), 4),
            "accuracy": _accuracy(predictions[runtime], gold),
        }
    return rows


def run(model: Path | None, size: str, train_steps: int, n_texts: int, n_train: int, repeats: int,
        runtimes: Sequence[str], threads: Sequence[int], cascade: bool = True) -> dict[str, Any]:
    from nlp.classify.registry import read_meta
    from nlp.evaluate import read_labelled_jsonl

    texts, gold = read_labelled_jsonl(VSFC / "dev.jsonl")
    texts, gold = texts[-n_texts:], gold[-n_texts:]  # the fine-tuning above scored on the first 200
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        built = model is None
        model = model or _build_model(Path(tmp), size, train_steps, n_train)
        result = {
            "model": f"built here: {size} BERT, {train_steps} fine-tuning steps" if built else str(model),
            "build_and_train_s": round(time.perf_counter() - started, 1) if built else None,
            "texts": len(texts), "cpu_count": os.cpu_count(), "batch_size": 32,
            **{f"runtimes_{n}_threads": _compare(model, runtimes, texts, gold, repeats, n) for n in threads},
        }
        result["parameters"] = _parameters(model, read_meta(model))
        if cascade:
            fast = _fast_model(Path(tmp), n_train)
            result["cascade_fast_model"] = f"sklearn defaults on the same {n_train} UIT-VSFC train texts"
            result["cascade_transformer_runtime"] = read_meta(model).get("runtime", "torch")
            result["cascade"] = _cascade(fast, model, texts, gold, Path(tmp))
    return result


def _parameters(model: Path, meta: dict[str, Any]) -> int:
    from safetensors import safe_open

    with safe_open(str(model / meta.get("artifact", "model.safetensors")), framework="pt") as weights:
        return sum(weights.get_tensor(name).numel() for name in weights.keys())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.transformers_speed", description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="a transformers model folder to measure instead of building one")
    parser.add_argument("--size", choices=["tiny", "small", "base"], default="small", help="shape of the BERT built here")
    parser.add_argument("--train-steps", type=int, default=60,
                        help="fine-tuning steps (batches of 32) on UIT-VSFC train; 0: random weights")
    parser.add_argument("--train-texts", type=int, default=4000)
    parser.add_argument("--texts", type=int, default=500, help="UIT-VSFC dev texts to classify")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", default="1,2", help="comma-separated intra-op thread counts to measure each runtime with")
    parser.add_argument("--no-cascade", action="store_true")
    parser.add_argument("--runtimes", default="torch,int8,onnx,onnx-int8", help="comma-separated; torch is always measured")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    result = run(args.model, args.size, args.train_steps, args.texts, args.train_texts, args.repeats, args.runtimes.split(","),
                 [int(n) for n in args.threads.split(",")], not args.no_cascade)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
