"""The classifier interface every backend implements, and that never changes shape.

Batch-first like spaCy's ``nlp.pipe``: callers hand over many texts at once and the backend
decides how to vectorise them. Labels and the model id come from the model artifact, never
from code, so a retrained model with other labels needs no code change.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar


@dataclass(frozen=True)
class Prediction:
    """The top label, its probability, and the probability of every label of the model."""

    label: str
    score: float
    scores: dict[str, float]


class Classifier(ABC):
    """A loaded model. Subclasses register under a backend name (see ``registry``)."""

    backend: ClassVar[str] = ""
    model_id: str
    labels: list[str]

    @classmethod
    @abstractmethod
    def load(cls, path: Path, meta: dict[str, Any]) -> Classifier:
        """Build the classifier from its folder; ``meta`` is the folder's parsed meta.json."""

    @abstractmethod
    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """One prediction per text, in order; an empty input gives an empty list."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.model_id} labels={self.labels}>"


def prediction_from_row(labels: Sequence[str], row: Sequence[float]) -> Prediction:
    """A Prediction from one row of class probabilities; ties go to the first label."""
    scores = {label: float(p) for label, p in zip(labels, row, strict=True)}
    best = max(labels, key=scores.__getitem__)
    return Prediction(label=best, score=scores[best], scores=scores)
