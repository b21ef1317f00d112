"""The toxicity task: its data as the trainer sees it, a tiny training through the real trainer,
and the served model against the dev figures measured when it was built."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.errors import ModelMissing
from core.schema import Toxicity
from nlp.tasks import get_task
from nlp.train import DATA_DIR

task = get_task("toxicity")
TINY = {"vihsd/train.jsonl": 8, "vihsd/dev.jsonl": 3, "uit_victsd/train.jsonl": 4, "uit_victsd/dev.jsonl": 3}
MEASURED = {"vihsd": 0.6549}  # dev macro-F1 at build time (MODEL_CARD.md)
MARGIN = 0.01


def tiny_copy(root: Path, sizes: dict[str, int]) -> Path:
    """The first ``n`` rows of each label of each file."""
    for relative, n in sizes.items():
        seen: dict[str, int] = {}
        kept = []
        for line in (DATA_DIR / relative).read_text(encoding="utf-8").splitlines():
            label = json.loads(line)["label"]
            if seen.get(label, 0) < n:
                seen[label] = seen.get(label, 0) + 1
                kept.append(line)
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text("\n".join(kept) + "\n", encoding="utf-8")
    return root


def test_labels_are_the_schema_values_and_the_module_keeps_the_contract():
    assert set(task.LABELS) == {t.value for t in Toxicity}
    assert task.MODEL_NAME.startswith("toxicity-") and task.OPTIONS["class_weight"] == "balanced"
    assert task.OPTIONS["augment_stripped"] is True  # unaccented comments are classified as well as accented
    assert {p.dataset for p in task.PUBLISHED} == {"vihsd", "uit_victsd"}


def test_shipped_data_loads_with_task_labels_and_without_duplicates():
    from nlp.classify.sklearn_backend import prepare_text

    data = task.load_data(DATA_DIR)
    vihsd = data.corpora[0]
    assert vihsd.name == "vihsd" and set(vihsd.train.labels) == set(task.LABELS)
    assert len({prepare_text(t) for t in vihsd.train.texts}) == len(vihsd.train.texts)
    assert 22_000 < len(vihsd.train.texts) < 24_046
    assert len(vihsd.dev.texts) == 2672 and set(data.dev()["uit_victsd"].labels) == {"clean", "offensive"}
    assert len(data.corpora[1].train.texts) == 7000  # UIT-ViCTSD mixed in (HELPERS = "all")
    assert task.load_data(DATA_DIR, helpers="none").corpora[1].train.texts == []
    assert set(vihsd.files) == {"vihsd/train.jsonl", "vihsd/dev.jsonl"}


def test_helper_modes(tmp_path):
    root = tiny_copy(tmp_path, TINY)
    assert len(task.load_data(root, helpers="all").corpora[1].train.texts) == 8
    assert set(task.load_data(root, helpers="toxic").corpora[1].train.labels) == {"offensive"}
    with pytest.raises(ValueError, match="helpers"):
        task.load_data(root, helpers="some")


def test_missing_data_is_a_clear_error(tmp_path):
    with pytest.raises(ModelMissing, match="vihsd/train.jsonl"):
        task.load_data(tmp_path)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")  # a few dozen rows
def test_a_tiny_model_trains_through_the_trainer(tmp_path):
    from nlp.classify.registry import load_classifier
    from nlp.train import train_task

    out = tmp_path / "toxicity-tiny-v0-20261130"
    metrics = train_task("toxicity", out, tiny_copy(tmp_path / "data", TINY))
    assert set(metrics["per_dataset"]) == {"vihsd", "uit_victsd"}
    classifier = load_classifier(out)
    assert classifier.labels == sorted(task.LABELS)
    assert [p.label in task.LABELS for p in classifier.predict(["Đồ ngu", "Cảm ơn bạn"])] == [True, True]
    assert "ViHSD" in (out / "MODEL_CARD.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_served_model_keeps_its_dev_scores():
    from core.settings import get_settings
    from nlp.classify.registry import load_classifier
    from nlp.evaluate import evaluate

    folder = get_settings().toxicity_model
    if not (folder / "model.joblib").is_file():
        pytest.skip(f"{folder}/model.joblib is not built: run `python -m nlp.train toxicity`")
    served = load_classifier(folder)
    dev = task.load_data(DATA_DIR).dev()["vihsd"]
    assert evaluate(served, dev.texts, dev.labels)["macro_f1"] >= MEASURED["vihsd"] - MARGIN
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["per_dataset"]["vihsd"]["macro_f1"] == pytest.approx(MEASURED["vihsd"], abs=1e-4)
