"""Cascade backend: a fast model for everything, a transformer only where the fast one is unsure.

meta.json names two model folders (paths relative to the cascade folder, or absolute) and a
threshold::

    {"backend": "cascade", "model_id": "...", "labels": [...], "task": "sentiment",
     "fast": "../sentiment-mixed-v1-20261130", "transformer": "../sentiment-phobert-v1-20261130",
     "threshold": 0.7}

Every text is classified by the fast model; a text whose top score is below ``threshold`` is
sent to the transformer, whose prediction replaces the fast one. So threshold 0 is the fast
model alone and threshold 1 (nearly) the transformer alone. ``counts`` tells how many went
each way, for the last call and since loading.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.errors import ModelMissing
from nlp.classify.base import Classifier, Prediction, prediction_from_row
from nlp.classify.registry import load_classifier, register_backend


@register_backend("cascade")
class CascadeClassifier(Classifier):
    def __init__(self, fast: Classifier, transformer: Classifier, threshold: float, model_id: str, labels: list[str]) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ModelMissing(f"cascade threshold must be between 0 and 1, not {threshold}")
        for model in (fast, transformer):
            if set(model.labels) != set(labels):
                raise ModelMissing(f"cascade {model_id} has labels {labels} but {model.model_id} has {model.labels}",
                                   hint="Both models of a cascade must predict the same labels.")
        self.fast, self.transformer, self.threshold = fast, transformer, threshold
        self.model_id, self.labels = model_id, labels
        self.last_counts: dict[str, int] = {"fast": 0, "transformer": 0}
        self.counts: Counter[str] = Counter(fast=0, transformer=0)

    @classmethod
    def load(cls, path: Path, meta: dict[str, Any]) -> CascadeClassifier:
        missing = [key for key in ("fast", "transformer", "threshold") if meta.get(key) in (None, "")]
        if missing:
            raise ModelMissing(f"{path}/meta.json lacks {', '.join(missing)} (a cascade needs both model folders and a threshold)")
        fast, transformer = (load_classifier(_resolve(path, meta[key])) for key in ("fast", "transformer"))
        return cls(fast, transformer, float(meta["threshold"]), meta["model_id"], list(meta["labels"]))

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        predictions = [self._ordered(p) for p in self.fast.predict(texts)]
        unsure = [i for i, p in enumerate(predictions) if p.score < self.threshold]
        if unsure:
            for i, p in zip(unsure, self.transformer.predict([texts[i] for i in unsure]), strict=True):
                predictions[i] = self._ordered(p)
        self.last_counts = {"fast": len(predictions) - len(unsure), "transformer": len(unsure)}
        self.counts.update(self.last_counts)
        return predictions

    def _ordered(self, prediction: Prediction) -> Prediction:
        """The same prediction with scores in this cascade's label order."""
        return prediction_from_row(self.labels, [prediction.scores[label] for label in self.labels])


def _resolve(path: Path, target: str) -> Path:
    target_path = Path(target)
    return target_path if target_path.is_absolute() else (path / target_path).resolve()
