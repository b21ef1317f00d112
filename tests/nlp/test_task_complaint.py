"""Complaint task: ViOCD + city corpora, no dev text in train, a small training, the served model's floors."""
from pathlib import Path

import pytest

from nlp.classify.sklearn_backend import SklearnClassifier, prepare_text
from nlp.evaluate import evaluate
from nlp.tasks import get_task
from nlp.train import DATA_DIR
from tests.nlp.test_task_topic import small_slice

# Dev macro-F1 measured at build time (MODEL_CARD.md), less a margin for library drift.
SERVED_FLOORS = {"uit_viocd": 0.89, "city": 0.52}  # measured 0.905 and 0.549


@pytest.fixture(scope="module")
def data():
    return get_task("complaint").load_data(DATA_DIR)


def test_both_domains_are_loaded_with_their_dev_sets(data):
    assert [c.name for c in data.corpora] == ["uit_viocd", "city"]
    viocd, city = data.corpora
    assert len(viocd.train.texts) > 4387 and len(viocd.dev.texts) == 548
    assert set(viocd.files) == {"uit_viocd/train.jsonl", "uit_viocd/dev.jsonl"}
    assert set(city.train.labels) == set(city.dev.labels) == {"complaint", "non_complaint"}


def test_no_city_dev_text_is_trained_on(data):
    _, city = data.corpora
    dev = {prepare_text(t) for t in city.dev.texts}
    assert not dev & {prepare_text(t) for t in data.train().texts}


def test_trains_on_a_small_slice_and_predicts_both_labels(data):
    train = data.train()
    texts, labels = small_slice(train.texts, train.labels, 60)
    classifier = SklearnClassifier.fit(texts, labels, "complaint-tiny", **get_task("complaint").OPTIONS)
    assert classifier.labels == ["complaint", "non_complaint"]
    predictions = classifier.predict(["Ứng dụng lỗi hoài, mở lên là văng ra, rất bực mình", "hôm nay trời đẹp quá"])
    assert {p.label for p in predictions} <= {"complaint", "non_complaint"}
    assert predictions[0].scores["complaint"] > predictions[1].scores["complaint"]


@pytest.mark.slow
def test_the_served_complaint_model_meets_its_floors(data):
    from core.settings import get_settings
    from nlp.classify.registry import load_classifier

    folder = Path(get_settings().complaint_model)
    if not (folder / "model.joblib").is_file():
        pytest.skip(f"{folder}/model.joblib is not built: run `make models`")
    served = load_classifier(folder)
    for name, dev in data.dev().items():
        assert evaluate(served, dev.texts, dev.labels)["macro_f1"] >= SERVED_FLOORS[name], name
