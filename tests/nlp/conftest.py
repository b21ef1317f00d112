"""Shared fixtures for the nlp tests: a tiny data folder cut from the shipped datasets, and a
tiny sentiment model trained from it once per session through the real CLI."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

DATASETS = Path(__file__).resolve().parents[2] / "data" / "datasets"
TINY = {"uit_vsfc/train.jsonl": 12, "uit_vsfc/dev.jsonl": 4, "vlsp2016_sa/train.jsonl": 14}


def _first_per_label(path: Path, per_label: int) -> list[str]:
    kept, seen = [], Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        label = json.loads(line)["label"]
        if seen[label] < per_label:
            seen[label] += 1
            kept.append(line)
    return kept


@pytest.fixture(scope="session")
def tiny_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few dozen lines of each shipped file, every label represented."""
    root = tmp_path_factory.mktemp("datasets")
    for relative, per_label in TINY.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(_first_per_label(DATASETS / relative, per_label)) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def tiny_model_dir(tiny_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from nlp.train import main

    out = tmp_path_factory.mktemp("models") / "sentiment-tiny-v0-20261130"
    assert main(["sentiment", "--out", str(out), "--data", str(tiny_data_dir)]) == 0
    return out


@pytest.fixture(scope="session")
def tiny_classifier(tiny_model_dir: Path):
    from nlp.classify.registry import load_classifier

    return load_classifier(tiny_model_dir)
