"""The model the system serves, checked against the dev figures measured when it was built.

The shipped model is refitted on train + dev after the dev figures are measured on the train-only fit
(see its card), so it has seen the dev texts: scoring at least the measured figures here checks that
the artifact is the intended, complete model, not how well it generalises (metrics.json says that)."""
import json

import pytest

from core.settings import get_settings
from nlp.classify.registry import load_classifier
from nlp.evaluate import evaluate
from nlp.tasks.sentiment import load_data
from nlp.train import DATA_DIR

# Dev figures of the train-only fit (metrics.json), less a margin for library drift.
MEASURED = {"overall": 0.7749, "uit_vsfc": 0.7783, "vlsp2016_sa": 0.6595}
VSFC_WEIGHTED_F1 = 0.9094  # the target: published MaxEnt 87.94 + 3 points
MARGIN = 0.01

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served():
    folder = get_settings().sentiment_model
    if not (folder / "model.joblib").is_file():
        pytest.skip(f"{folder}/model.joblib is not built: run `make models` "
                    f"(python -m nlp.train sentiment --out models/{folder.name})")
    return load_classifier(folder)


def test_the_served_model_keeps_its_dev_scores(served):
    data = load_data(DATA_DIR)
    everything = data.dev_all()
    assert evaluate(served, everything.texts, everything.labels)["macro_f1"] >= MEASURED["overall"] - MARGIN
    for name, dev in data.dev().items():
        assert evaluate(served, dev.texts, dev.labels)["macro_f1"] >= MEASURED[name] - MARGIN, name


def test_the_committed_metrics_are_the_measured_ones(served):
    metrics = json.loads((get_settings().sentiment_model / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["overall"]["macro_f1"] == pytest.approx(MEASURED["overall"], abs=1e-4)
    assert metrics["per_dataset"]["uit_vsfc"]["weighted_f1"] >= VSFC_WEIGHTED_F1
    stripped = metrics["extra"]["uit_vsfc, diacritics stripped"]["weighted_f1"]
    assert metrics["per_dataset"]["uit_vsfc"]["weighted_f1"] - stripped <= 0.02
    assert served.labels == ["negative", "neutral", "positive"]
    assert served.model_id == get_settings().sentiment_model.name
