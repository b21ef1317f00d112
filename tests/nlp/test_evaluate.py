from collections.abc import Sequence
from pathlib import Path

import pytest

from core.errors import InvalidInput
from nlp.classify.base import Classifier, Prediction
from nlp.evaluate import evaluate, read_labelled_jsonl, scores


class Scripted(Classifier):
    """Returns the labels it was given, in order."""

    def __init__(self, answers: list[str]) -> None:
        self.model_id, self.labels, self.answers = "scripted", ["negative", "neutral", "positive"], answers

    @classmethod
    def load(cls, path: Path, meta: dict) -> "Scripted":
        raise NotImplementedError

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        return [Prediction(a, 1.0, {a: 1.0}) for a in self.answers[: len(texts)]]


GOLD = ["positive", "positive", "positive", "negative", "negative", "neutral"]
PRED = ["positive", "positive", "negative", "negative", "positive", "neutral"]


def test_metrics_match_hand_computed_numbers():
    # positive: 2 hits / 3 predicted / 3 gold → P = R = F1 = 2/3
    # negative: 1 hit / 2 predicted / 2 gold → P = R = F1 = 1/2
    # neutral:  1 hit / 1 predicted / 1 gold → P = R = F1 = 1
    result = evaluate(Scripted(PRED), [f"t{i}" for i in range(6)], GOLD)
    assert result["n"] == 6
    assert result["accuracy"] == pytest.approx(4 / 6)
    assert result["macro_f1"] == pytest.approx((2 / 3 + 1 / 2 + 1) / 3)  # 13/18
    assert result["weighted_f1"] == pytest.approx((3 * 2 / 3 + 2 * 1 / 2 + 1 * 1) / 6)  # 2/3
    assert result["per_class"]["negative"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert result["per_class"]["neutral"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert result["per_class"]["positive"]["f1"] == pytest.approx(2 / 3)


def test_uneven_precision_and_recall_and_a_label_never_in_gold():
    # positive: 1 hit, 1 predicted, 3 gold → P 1, R 1/3, F1 1/2; neutral: predicted once, never gold → 0
    result = scores(["positive", "positive", "positive", "negative"], ["positive", "negative", "neutral", "negative"])
    assert result["per_class"]["positive"]["f1"] == pytest.approx(0.5)
    assert result["per_class"]["negative"] == {"precision": 0.5, "recall": 1.0, "f1": pytest.approx(2 / 3), "support": 1}
    assert result["per_class"]["neutral"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    assert result["macro_f1"] == pytest.approx((1 / 2 + 2 / 3 + 0) / 3)
    assert result["weighted_f1"] == pytest.approx((3 * 1 / 2 + 1 * 2 / 3) / 4)


def test_agrees_with_scikit_learn():
    from sklearn.metrics import accuracy_score, f1_score

    result = scores(GOLD, PRED)
    assert result["accuracy"] == pytest.approx(accuracy_score(GOLD, PRED))
    assert result["macro_f1"] == pytest.approx(f1_score(GOLD, PRED, average="macro"))
    assert result["weighted_f1"] == pytest.approx(f1_score(GOLD, PRED, average="weighted"))


def test_empty_input():
    assert evaluate(Scripted([]), [], [])["n"] == 0


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_reads_text_and_label_skipping_blank_lines(tmp_path):
    path = _write(tmp_path, '{"text": "tốt", "label": "positive", "topic": "x"}', "", '{"text": "tệ", "label": "negative"}')
    assert read_labelled_jsonl(path) == (["tốt", "tệ"], ["positive", "negative"])


@pytest.mark.parametrize(("bad", "message"), [
    ('{"text": "tốt", "label": "positive"', "not valid JSON"),
    ('["tốt", "positive"]', "expected a JSON object"),
    ('{"label": "positive"}', "'text' is missing"),
    ('{"text": "tốt", "label": 2}', "'label' is missing or not a string"),
    ('{"text": "tốt", "label": "joyful"}', "unknown label 'joyful'"),
])
def test_a_bad_line_is_named_by_number(tmp_path, bad, message):
    path = _write(tmp_path, '{"text": "a", "label": "negative"}', "", bad, '{"text": "b", "label": "neutral"}')
    with pytest.raises(InvalidInput, match=message) as caught:
        read_labelled_jsonl(path, allowed=["negative", "neutral", "positive"])
    assert f"{path}:3:" in caught.value.message


def test_any_label_is_accepted_without_a_label_set(tmp_path):
    assert read_labelled_jsonl(_write(tmp_path, '{"text": "x", "label": "joyful"}'))[1] == ["joyful"]
