"""Reading a task's labelled JSONL files, and carving a dev split where a corpus ships none.

Every task module builds its ``Corpus`` objects from these, so provenance (the sha256 of each
file read) and the way dev splits are held out are the same for every model card.
"""
from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import Any

from core.errors import ModelMissing
from nlp.evaluate import read_labelled_jsonl
from nlp.tasks import Split

DEV_FRACTION = 0.15


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _require(path: Path) -> Path:
    if not path.is_file():
        raise ModelMissing(f"training data {path} is missing",
                           hint="The datasets ship in data/datasets/; restore them from the repository.")
    return path


def read_split(data_dir: Path, relative: str, files: dict[str, str], allowed: Collection[str] | None = None) -> Split:
    """``text``/``label`` rows of ``data_dir/relative``, its sha256 recorded in ``files``."""
    path = _require(Path(data_dir) / relative)
    files[relative] = sha256(path)
    return Split(*read_labelled_jsonl(path, allowed))


def read_rows(data_dir: Path, relative: str, files: dict[str, str]) -> Iterator[dict[str, Any]]:
    """Raw JSON objects of a file, for corpora whose label must be derived (aspects, emotions, …)."""
    path = _require(Path(data_dir) / relative)
    files[relative] = sha256(path)
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def deduplicate(texts: Sequence[str], labels: Sequence[str], key: Callable[[str], str]) -> list[int]:
    """Indices of the first copy of each text (compared by ``key``); texts whose copies carry
    different labels are dropped altogether."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        by_key[key(text)].append(i)
    return sorted(rows[0] for rows in by_key.values() if len({labels[i] for i in rows}) == 1)


def stratified_holdout(labels: Sequence[str], fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """(train, dev) indices: per label, a seeded shuffle and the first ``fraction`` to dev."""
    rng = random.Random(seed)
    train, dev = [], []
    for label in sorted(set(labels)):
        rows = [i for i, value in enumerate(labels) if value == label]
        rng.shuffle(rows)
        cut = round(len(rows) * fraction)
        dev += rows[:cut]
        train += rows[cut:]
    return sorted(train), sorted(dev)


def carve_dev(split: Split, seed: int, key: Callable[[str], str], fraction: float = DEV_FRACTION) -> tuple[Split, Split, str]:
    """(train, dev, note) from a corpus without a dev split: de-duplicated on ``key`` (so no dev
    text also occurs in train), then a seeded, stratified ``fraction`` held out."""
    kept = deduplicate(split.texts, split.labels, key)
    texts, labels = [split.texts[i] for i in kept], [split.labels[i] for i in kept]
    train, dev = stratified_holdout(labels, fraction, seed)
    note = (f"train de-duplicated ({len(kept)} unique texts kept), then a stratified "
            f"{fraction:.0%} held out as dev (seed {seed})")
    return Split([texts[i] for i in train], [labels[i] for i in train]), Split([texts[i] for i in dev], [labels[i] for i in dev]), note
