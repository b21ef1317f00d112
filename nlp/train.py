"""Training the shipped models (``make models``); never imported by the serving path.

    python -m nlp.train <task> --out models/<task>-<domain>-v<N>-<yyyymmdd> [--backend transformers --base DIR]

Every task trains the same way: ``nlp.tasks.<task>.load_data`` gives train and dev splits per
corpus; the model is fitted on all train splits together (the task's ``OPTIONS`` for the sklearn
backend), scored on each dev split and on all of them together (also with diacritics stripped), and
the folder gets model artifact, meta.json, metrics.json and MODEL_CARD.md.

With ``refit_on_dev`` in the options the reported dev figures come from the train-only fit, and the
model that is saved is then refitted on train + dev (the card says so).

The transformers backend is trained by ``nlp.transformers_train.train_transformer(task_name, data,
base_dir, out_dir, **options)``, imported only when asked for; it writes the whole model folder
(meta.json, metrics.json, card) itself and returns the dev metrics.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from nlp.classify.base import Classifier
from nlp.evaluate import evaluate
from nlp.tasks import TASKS, Split, TaskData, get_task

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data" / "datasets"
BACKENDS = ("sklearn", "transformers")


def _count(labels: Sequence[str]) -> dict[str, int]:
    return dict(sorted(Counter(labels).items()))


def _stripped(split: Split) -> Split:
    from core.folding import fold

    return Split([fold(text) for text in split.texts], split.labels)


def dev_metrics(classifier: Classifier, data: TaskData, stripped: bool = True) -> dict[str, Any]:
    """Scores on each corpus' dev split and on all of them; with ``stripped`` also on the same
    texts with every diacritic removed (``extra``), the measure of robustness to unaccented text."""
    devs = data.dev()
    metrics: dict[str, Any] = {"split": "dev", "per_dataset": {name: evaluate(classifier, d.texts, d.labels) for name, d in devs.items()}}
    everything = data.dev_all()
    metrics["overall"] = evaluate(classifier, everything.texts, everything.labels) if everything.texts else None
    if stripped and devs:
        metrics["extra"] = {f"{name}, diacritics stripped": evaluate(classifier, *_as_pair(_stripped(d))) for name, d in devs.items()}
        metrics["extra"]["all, diacritics stripped"] = evaluate(classifier, *_as_pair(_stripped(everything)))
    return metrics


def _as_pair(split: Split) -> tuple[list[str], list[str]]:
    return split.texts, split.labels


Trained = tuple[Classifier, dict[str, Any], dict[str, Any]]  # (saved classifier, metrics, meta facts)


def _fit_sklearn(train: Split, model_id: str, options: dict[str, Any], weights: list[float] | None = None) -> Classifier:
    from nlp.classify.sklearn_backend import SklearnClassifier

    return SklearnClassifier.fit(train.texts, train.labels, model_id, sample_weight=weights, **options)


def _weights(data: TaskData, corpus_weights: dict[str, float] | None, with_dev: bool = False) -> list[float] | None:
    """One weight per training row, from ``corpus_weights`` (corpus name → weight, default 1)."""
    if not corpus_weights:
        return None
    weights = [corpus_weights.get(c.name, 1.0) for c in data.corpora for _ in c.train.texts]
    if with_dev:
        weights += [corpus_weights.get(c.name, 1.0) for c in data.corpora if c.dev is not None for _ in c.dev.texts]
    return weights


def _with_dev(data: TaskData) -> Split:
    train, dev = data.train(), data.dev_all()
    return Split(train.texts + dev.texts, train.labels + dev.labels)


def _train_sklearn(data: TaskData, out_dir: Path, options: dict[str, Any], refit: bool) -> Trained:
    corpus_weights = options.pop("corpus_weights", None)
    started = time.perf_counter()
    classifier = _fit_sklearn(data.train(), out_dir.name, options, _weights(data, corpus_weights))
    seconds = time.perf_counter() - started
    metrics = dev_metrics(classifier, data)
    if refit:
        _say("refitting on train + dev for the shipped model (dev figures above are from the train-only fit)")
        started = time.perf_counter()
        classifier = _fit_sklearn(_with_dev(data), out_dir.name, options, _weights(data, corpus_weights, with_dev=True))
        seconds += time.perf_counter() - started
        metrics["note"] = "dev figures from the train-only fit; the saved model was then refitted on train + dev"
    artifact = classifier.save(out_dir)
    import sklearn

    facts = {"artifact": artifact.name, "train_seconds": round(seconds, 1), "sklearn_version": sklearn.__version__,
             "refit_on_dev": refit, "artifact_mb": round(artifact.stat().st_size / 2**20, 1)}
    return classifier, metrics, facts


def _train_transformers(name: str, data: TaskData, out_dir: Path, options: dict[str, Any]) -> dict[str, Any]:
    """Hand over to ``nlp.transformers_train``, which writes the whole folder (weights, tokenizer,
    meta.json, metrics.json, MODEL_CARD.md) and returns the dev metrics."""
    from core.errors import InvalidInput

    base = options.pop("base_dir", None)
    if base is None:
        raise InvalidInput("the transformers backend fine-tunes a local checkpoint: give --base DIR",
                           hint="Point --base at a Hugging Face sequence-classification checkpoint folder.")
    try:
        from nlp.transformers_train import train_transformer
    except ModuleNotFoundError as exc:
        raise InvalidInput(f"the transformers backend cannot train: {exc}",
                           hint="Install the 'transformers' extra: pip install -e '.[transformers]'.") from exc
    return train_transformer(name, data, Path(base), out_dir, **options)


def train_task(name: str, out_dir: Path, data_dir: Path = DATA_DIR, backend: str = "sklearn", **options: Any) -> dict[str, Any]:
    """Train task ``name`` into ``out_dir`` and return its dev metrics.

    ``options`` override the task's ``OPTIONS`` for the sklearn backend (see
    ``sklearn_backend.build_pipeline`` and ``SklearnClassifier.fit``; ``refit_on_dev=True`` refits the
    saved model on train + dev; ``corpus_weights={"name": w}`` weights a corpus' rows)
    and go to ``train_transformer`` for the transformers backend (``base_dir`` required)."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")
    task, out_dir = get_task(name), Path(out_dir)
    if backend == "sklearn" and options.get("base_dir") is not None:
        from core.errors import InvalidInput

        raise InvalidInput("--base is for the transformers backend", hint="Add --backend transformers, or drop --base.")
    data = task.load_data(Path(data_dir))
    options = {**task.OPTIONS, **options} if backend == "sklearn" else dict(options)
    refit = bool(options.pop("refit_on_dev", False))
    train = data.train()
    _say(f"{name}: training on {len(train.texts)} texts from {', '.join(c.name for c in data.corpora)} ({backend}, {options})")
    if backend == "transformers":
        return _train_transformers(name, data, out_dir, options)
    out_dir.mkdir(parents=True, exist_ok=True)
    shown_options = dict(options)
    classifier, metrics, facts = _train_sklearn(data, out_dir, options, refit)
    meta = _meta(task, classifier, data, shown_options, facts, _command(name, out_dir, data_dir))
    write_json(out_dir / "meta.json", meta)
    write_json(out_dir / "metrics.json", metrics)
    from nlp.model_card import task_card

    (out_dir / "MODEL_CARD.md").write_text(task_card(task, meta, metrics), encoding="utf-8")
    overall = metrics["overall"]
    _say(f"done in {facts['train_seconds']}s: dev macro-F1 {overall['macro_f1']:.4f}, weighted-F1 {overall['weighted_f1']:.4f} → {out_dir}")
    return metrics


def _meta(task: ModuleType, classifier: Classifier, data: TaskData, options: dict[str, Any], facts: dict[str, Any],
          command: str) -> dict[str, Any]:
    meta = {
        "model_id": classifier.model_id,
        "task": task.NAME,
        "backend": classifier.backend,
        "labels": classifier.labels,
        "trained": date.today().isoformat(),
        "options": options,
        "data": {c.name: {"files": c.files, "train": _count(c.train.labels), "dev": _count(c.dev.labels) if c.dev else {},
                          "note": c.note, "title": c.title, "licence": c.licence, "citation": c.citation}
                 for c in data.corpora},
        "command": command,
    }
    return {**meta, **facts}


def _shown(path: Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _command(name: str, out_dir: Path, data_dir: Path) -> str:
    """The command that rebuilds this folder, run from the repository root."""
    command = f"python -m nlp.train {name} --out {_shown(out_dir)}"
    if Path(data_dir).resolve() != DATA_DIR.resolve():
        command += f" --data {_shown(data_dir)}"
    return command


def write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def default_out(name: str) -> Path:
    from core.settings import get_settings

    return Path(getattr(get_settings(), f"{name}_model"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.train", description=__doc__.splitlines()[0])
    parser.add_argument("task", choices=TASKS)
    parser.add_argument("--out", type=Path, help="model folder, models/<task>-<domain>-v<N>-<yyyymmdd> (default: the <task>_model setting)")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="folder holding the datasets (default: data/datasets)")
    parser.add_argument("--backend", choices=BACKENDS, default="sklearn")
    parser.add_argument("--base", type=Path, help="checkpoint folder to fine-tune (transformers backend)")
    args = parser.parse_args(argv)
    from core.errors import LangNgheError

    options = {"base_dir": args.base} if args.base else {}
    try:
        train_task(args.task, args.out or default_out(args.task), args.data, args.backend, **options)
    except LangNgheError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
