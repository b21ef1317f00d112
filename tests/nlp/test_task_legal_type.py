"""Legal-type task: city data, no dev text in train, a small training, the served model's floor."""
from pathlib import Path

import pytest

from nlp.classify.sklearn_backend import SklearnClassifier, prepare_text
from nlp.evaluate import evaluate
from nlp.tasks import get_task
from nlp.train import DATA_DIR
from nlp.weak_labels import weak_legal_type
from tests.nlp.test_task_topic import small_slice

# Dev macro-F1 measured at build time (MODEL_CARD.md), less a margin for library drift.
SERVED_FLOOR = 0.28  # measured 0.295


def test_the_cue_labeller_reads_each_legal_type():
    assert weak_legal_type("Tôi tố cáo cán bộ nhận hối lộ", None) == "to_cao"
    assert weak_legal_type("Tôi khiếu nại quyết định xử phạt của phường", None) == "khieu_nai"
    assert weak_legal_type("Đề nghị lắp thêm đèn đường", None) == "kien_nghi"
    assert weak_legal_type("Đường bị ngập nặng", "complaint") == "phan_anh"
    assert weak_legal_type("Đường bị ngập nặng", None) is None


def test_load_data_has_all_four_types_and_keeps_dev_out_of_train():
    (city,) = get_task("legal_type").load_data(DATA_DIR).corpora
    assert set(city.train.labels) == set(get_task("legal_type").LABELS)
    assert not {prepare_text(t) for t in city.train.texts} & {prepare_text(t) for t in city.dev.texts}


def test_trains_on_a_small_slice_and_predicts_legal_types():
    task = get_task("legal_type")
    train = task.load_data(DATA_DIR).train()
    texts, labels = small_slice(train.texts, train.labels, 30)
    classifier = SklearnClassifier.fit(texts, labels, "legal-tiny", **task.OPTIONS)
    assert classifier.labels == sorted(task.LABELS)
    found = classifier.predict(["Tôi tố cáo nhóm người đánh bạc trong hẻm", "Tôi khiếu nại quyết định thu hồi đất"])
    assert [p.label for p in found] == ["to_cao", "khieu_nai"]


@pytest.mark.slow
def test_the_served_legal_type_model_meets_its_floor():
    from core.settings import get_settings
    from nlp.classify.registry import load_classifier

    folder = Path(get_settings().legal_type_model)
    if not (folder / "model.joblib").is_file():
        pytest.skip(f"{folder}/model.joblib is not built: run `make models`")
    dev = get_task("legal_type").load_data(DATA_DIR).dev()["city"]
    assert evaluate(load_classifier(folder), dev.texts, dev.labels)["macro_f1"] >= SERVED_FLOOR
