"""Retraining from label corrections: the gate promotes only a candidate that beats the served
model on the frozen dev sets, and logs every decision."""
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.feedback_schema import LabelCorrection
from nlp.retrain import retrain_task, served_model_dir
from nlp.train import DATA_DIR, train_task
from store.feedback import decisions, save_correction

pytestmark = [pytest.mark.integration, pytest.mark.slow]

AT = datetime(2026, 11, 29, 19, 0, tzinfo=UTC)
FILES = ("uit_vsfc/train.jsonl", "uit_vsfc/dev.jsonl", "vlsp2016_sa/train.jsonl")


@pytest.fixture
def small_data(tmp_path: Path) -> Path:
    """The shipped sentiment corpora, cut to a few hundred rows each (fast to train)."""
    for relative in FILES:
        target = tmp_path / "data" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        lines = (DATA_DIR / relative).read_text(encoding="utf-8").splitlines()
        target.write_text("\n".join(lines[:: max(1, len(lines) // 300)]) + "\n", encoding="utf-8")
    return tmp_path / "data"


@pytest.fixture
def served(settings, small_data, tmp_path):
    model = tmp_path / "sentiment-small-v1"
    train_task("sentiment", model, data_dir=small_data)
    return settings.model_copy(update={"sentiment_model": model})


def _correct(es, settings, n: int) -> None:
    for i in range(n):
        save_correction(es, settings, LabelCorrection(
            id=f"sentiment:p{i}", task="sentiment", item_id=f"p{i}", text=f"đường ngập quá trời luôn, chán thật sự {i}",
            label="negative", predicted="neutral", corrected_by="canbo.lan", corrected_at=AT))


def test_too_few_corrections_change_nothing(es, served, small_data):
    _correct(es, served, 3)
    outcome = retrain_task(es, served, "sentiment", AT, data_dir=small_data)
    assert not outcome.promoted and "fewer than" in outcome.reason
    assert served_model_dir(served, "sentiment") == served.sentiment_model


def test_the_gate_refuses_and_promotes_and_logs_both(es, served, small_data):
    _correct(es, served, 25)
    refused = retrain_task(es, served, "sentiment", AT, min_gain=1.0, data_dir=small_data)
    assert not refused.promoted and refused.candidate_macro_f1 is not None
    assert served_model_dir(served, "sentiment") == served.sentiment_model

    later = AT.replace(hour=20)
    promoted = retrain_task(es, served, "sentiment", later, min_gain=-1.0, data_dir=small_data)
    assert promoted.promoted and promoted.model_dir.is_dir()
    assert served_model_dir(served, "sentiment") == promoted.model_dir
    meta = json.loads((promoted.model_dir / "meta.json").read_text())
    assert meta["corrections"] == 25 and meta["retrained_from"] == served.sentiment_model.name
    from nlp.classify.registry import load_classifier

    assert load_classifier(promoted.model_dir).predict(["đường ngập quá trời luôn"])[0].label in meta["labels"]
    logged = decisions(es, served, "sentiment")
    assert [d.promoted for d in logged] == [True, False]
