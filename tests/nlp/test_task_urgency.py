"""Urgency task: city data, the danger lexicon, a small training, the served model with its rules."""
from pathlib import Path

import pytest

from core.errors import InvalidInput
from nlp.classify.base import Prediction
from nlp.classify.sklearn_backend import SklearnClassifier, prepare_text
from nlp.evaluate import scores
from nlp.tasks import get_task
from nlp.tasks.urgency import predict, with_danger_rules
from nlp.train import DATA_DIR
from nlp.weak_labels import danger_hit, danger_patterns
from tests.nlp.test_task_topic import small_slice

# Measured at build time with the danger rules (MODEL_CARD.md / docs): recall of `high` on the city dev set.
SERVED_HIGH_RECALL_FLOOR = 0.95

DANGER = ["Cây xanh bật gốc đổ chắn ngang đường Lê Duẩn", "Dây điện bị đứt rơi xuống đường đang tóe lửa",
          "Nước ngập sâu, có người mắc kẹt trong nhà", "Nhà số 5 đang cháy lớn", "Ngửi thấy mùi gas nồng nặc ở chung cư",
          "Căn nhà cũ có nguy cơ sập"]
CALM = ["Hẻm nhà tôi đèn đường tắt cả tuần", "Cho hỏi thủ tục làm căn cước", "Phim này hay quá"]


def test_the_danger_lexicon_catches_danger_and_leaves_calm_texts():
    assert all(danger_hit(text) for text in DANGER)
    assert not any(danger_hit(text) for text in CALM)


def test_a_bad_pattern_is_named(tmp_path):
    path = tmp_path / "danger.tsv"
    path.write_text("# comment\n(unclosed\tbroken\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="danger.tsv:2"):
        danger_patterns(path)


def test_the_rules_raise_only_danger_texts_to_high():
    low = Prediction("low", 0.9, {"high": 0.02, "medium": 0.08, "low": 0.9})
    texts = [DANGER[0], CALM[0]]
    raised = with_danger_rules([low, low], texts)
    assert [p.label for p in raised] == ["high", "low"]
    assert raised[1] is low


def test_load_data_keeps_dev_texts_out_of_train():
    (city,) = get_task("urgency").load_data(DATA_DIR).corpora
    assert not {prepare_text(t) for t in city.train.texts} & {prepare_text(t) for t in city.dev.texts}
    assert set(city.train.labels) == {"high", "medium", "low"}


def test_trains_on_a_small_slice_and_predicts_urgency():
    task = get_task("urgency")
    train = task.load_data(DATA_DIR).train()
    texts, labels = small_slice(train.texts, train.labels, 40)
    classifier = SklearnClassifier.fit(texts, labels, "urgency-tiny", **task.OPTIONS)
    assert classifier.labels == ["high", "low", "medium"]
    assert [p.label for p in predict(classifier, DANGER)] == ["high"] * len(DANGER)


@pytest.mark.slow
def test_the_served_urgency_model_with_rules_keeps_high_recall():
    from core.settings import get_settings
    from nlp.classify.registry import load_classifier

    folder = Path(get_settings().urgency_model)
    if not (folder / "model.joblib").is_file():
        pytest.skip(f"{folder}/model.joblib is not built: run `make models`")
    dev = get_task("urgency").load_data(DATA_DIR).dev()["city"]
    predicted = [p.label for p in predict(load_classifier(folder), dev.texts)]
    assert scores(dev.labels, predicted)["per_class"]["high"]["recall"] >= SERVED_HIGH_RECALL_FLOOR
