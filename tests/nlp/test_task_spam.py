"""The spam task: its data as the trainer sees it, a tiny training through the real trainer, and
the served model against the dev figure measured when it was built."""
from __future__ import annotations

import json

import pytest

from nlp.tasks import get_task
from nlp.train import DATA_DIR
from tests.nlp.test_task_toxicity import tiny_copy

task = get_task("spam")
TINY = {"vispamreviews/train.jsonl": 10, "vispamreviews/dev.jsonl": 4}
MEASURED = {"vispamreviews": 0.8286}  # dev macro-F1 at build time (MODEL_CARD.md)
MARGIN = 0.01


def test_binary_labels_and_contract():
    assert task.LABELS == ("not_spam", "spam")
    assert task.MODEL_NAME.startswith("spam-") and task.PUBLISHED[0].dataset == "vispamreviews"
    assert set(task.SPAM_TYPES) == {"SPAM-1", "SPAM-2", "SPAM-3"}
    assert task.OPTIONS["augment_stripped"] is True and task.OPTIONS["class_weight"] == "balanced"


def test_shipped_data_loads_binary_and_counts_the_subtypes():
    data = task.load_data(DATA_DIR)
    corpus = data.corpora[0]
    assert set(corpus.train.labels) == set(corpus.dev.labels) == {"spam", "not_spam"}
    assert len(corpus.dev.texts) == 1590 and 14_000 < len(corpus.train.texts) < 14_306
    assert task.spam_type_counts(DATA_DIR) == {"NO-SPAM": 10585, "SPAM-1": 195, "SPAM-2": 1087, "SPAM-3": 2439}


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")  # a few dozen rows
def test_a_tiny_model_trains_through_the_trainer(tmp_path):
    from nlp.classify.registry import load_classifier
    from nlp.train import train_task

    out = tmp_path / "spam-tiny-v0-20261130"
    metrics = train_task("spam", out, tiny_copy(tmp_path / "data", TINY))
    assert metrics["per_dataset"]["vispamreviews"]["n"] == 8
    assert load_classifier(out).labels == ["not_spam", "spam"]
    assert "SPAM-3" in (out / "MODEL_CARD.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_served_model_keeps_its_dev_scores():
    from core.settings import get_settings
    from nlp.classify.registry import load_classifier
    from nlp.evaluate import evaluate

    folder = get_settings().spam_model
    if not (folder / "model.joblib").is_file():
        pytest.skip(f"{folder}/model.joblib is not built: run `python -m nlp.train spam`")
    dev = task.load_data(DATA_DIR).dev()["vispamreviews"]
    assert evaluate(load_classifier(folder), dev.texts, dev.labels)["macro_f1"] >= MEASURED["vispamreviews"] - MARGIN
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["per_dataset"]["vispamreviews"]["macro_f1"] == pytest.approx(MEASURED["vispamreviews"], abs=1e-4)
