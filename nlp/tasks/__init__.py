"""The classification tasks: what each one predicts, from which data, published results to compare.

One module per task, ``nlp/tasks/<name>.py``, each defining:

- ``NAME: str`` and ``LABELS: tuple[str, ...]`` (the label values `langnghe evaluate` reads from ``label``);
- ``MODEL_NAME: str``: the default model folder under ``models/``, ``<task>-<domain>-v<N>-<yyyymmdd>``;
- ``load_data(data_dir: Path) -> TaskData``: train and dev splits per corpus, with provenance;
- ``OPTIONS: dict``: training options for the default backend;
- ``PUBLISHED: list[Published]``: results published on each dataset's official test split,
  copied from its SOURCE.md, for the `make eval` report;
- ``CARD_NOTE: str``: how the data was made, for the model card.

A ``Corpus`` may carry its ``title``, ``licence`` and ``citation`` (copied from its SOURCE.md); the model
card prints them beside the files and counts. ``nlp.tasks.splits`` has the shared helpers for reading
a JSONL split (with its sha256) and carving a seeded, de-duplicated dev split from a train file.

Training (``nlp.train``), evaluation and the enrichment stage reach tasks only through this module.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType

from core.errors import InvalidInput

TASKS = ("sentiment", "topic", "complaint", "urgency", "legal_type", "toxicity", "spam")


@dataclass
class Split:
    texts: list[str]
    labels: list[str]

    def __post_init__(self) -> None:
        if len(self.texts) != len(self.labels):
            raise ValueError(f"{len(self.texts)} texts but {len(self.labels)} labels")


@dataclass
class Corpus:
    """One source of labelled texts, split into train and dev, and where it came from."""

    name: str
    train: Split
    dev: Split | None = None
    files: dict[str, str] = field(default_factory=dict)  # path relative to the data folder -> sha256
    note: str = ""
    title: str = ""
    licence: str = ""
    citation: str = ""


@dataclass
class TaskData:
    corpora: list[Corpus]

    def train(self) -> Split:
        return Split([t for c in self.corpora for t in c.train.texts], [lb for c in self.corpora for lb in c.train.labels])

    def dev(self) -> dict[str, Split]:
        return {c.name: c.dev for c in self.corpora if c.dev is not None}

    def dev_all(self) -> Split:
        """Every dev split concatenated, for the overall score."""
        devs = list(self.dev().values())
        return Split([t for d in devs for t in d.texts], [lb for d in devs for lb in d.labels])


@dataclass(frozen=True)
class Published:
    """A result published on a dataset's official test split (from its SOURCE.md)."""

    dataset: str
    model: str
    metric: str  # "accuracy", "macro_f1", "weighted_f1" or "f1"
    value: float  # 0–100, as published
    citation: str


def get_task(name: str) -> ModuleType:
    if name not in TASKS:
        raise InvalidInput(f"unknown task {name!r}", hint=f"Use one of: {', '.join(TASKS)}.")
    return importlib.import_module(f"nlp.tasks.{name}")
