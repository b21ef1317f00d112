"""Scoring a classifier on labelled text, and reading labelled JSONL.

Metrics are computed here in plain Python (no scikit-learn), so any backend can be scored
the same way. Averages follow scikit-learn's convention: a label counts when it occurs in
the gold labels or the predictions, and a precision or recall with nothing to divide by is 0.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from core.errors import InvalidInput
from nlp.classify.base import Classifier


def _div(num: float, den: float) -> float:
    return num / den if den else 0.0


def scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """accuracy, macro_f1, weighted_f1, per_class and n for two aligned label lists."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    n = len(gold)
    support, guessed = Counter(gold), Counter(predicted)
    hits = Counter(g for g, p in zip(gold, predicted, strict=True) if g == p)
    per_class = {}
    for label in sorted(support.keys() | guessed.keys()):
        precision, recall = _div(hits[label], guessed[label]), _div(hits[label], support[label])
        per_class[label] = {"precision": precision, "recall": recall, "f1": _div(2 * precision * recall, precision + recall),
                            "support": support[label]}
    f1s = [row["f1"] for row in per_class.values()]
    return {
        "accuracy": _div(sum(hits.values()), n),
        "macro_f1": _div(sum(f1s), len(f1s)),
        "weighted_f1": _div(sum(row["f1"] * row["support"] for row in per_class.values()), n),
        "per_class": per_class,
        "n": n,
    }


def evaluate(classifier: Classifier, texts: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Predict ``texts`` in one batch and score against ``labels``."""
    predicted = [p.label for p in classifier.predict(texts)]
    return scores(labels, predicted)


def read_labelled_jsonl(path: Path, allowed: Collection[str] | None = None) -> tuple[list[str], list[str]]:
    """Texts and labels from ``{"text": ..., "label": ...}`` lines (other keys ignored, blank lines
    skipped). A bad line raises InvalidInput naming the file and line; ``allowed`` (e.g. the
    model's labels) rejects any other label."""
    texts, labels = [], []
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                text, label = _parse_line(line, allowed, f"{path}:{number}")
                texts.append(text)
                labels.append(label)
    return texts, labels


def _parse_line(line: str, allowed: Collection[str] | None, where: str) -> tuple[str, str]:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{where}: not valid JSON ({exc.msg})") from exc
    if not isinstance(row, dict):
        raise InvalidInput(f"{where}: expected a JSON object with 'text' and 'label'")
    for key in ("text", "label"):
        if not isinstance(row.get(key), str):
            raise InvalidInput(f"{where}: '{key}' is missing or not a string")
    if allowed is not None and row["label"] not in allowed:
        raise InvalidInput(f"{where}: unknown label {row['label']!r} (expected one of {', '.join(sorted(allowed))})")
    return row["text"], row["label"]
