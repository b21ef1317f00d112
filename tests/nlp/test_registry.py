import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from core.errors import ModelMissing
from nlp.classify.base import Classifier, Prediction, prediction_from_row
from nlp.classify.registry import backend_class, clear_cache, load_classifier, register_backend


@register_backend("constant-test")
class ConstantClassifier(Classifier):
    """Predicts the first label for everything: enough to exercise the registry."""

    loads = 0

    def __init__(self, model_id: str, labels: list[str]) -> None:
        self.model_id, self.labels = model_id, labels

    @classmethod
    def load(cls, path: Path, meta: dict) -> "ConstantClassifier":
        cls.loads += 1
        return cls(meta["model_id"], list(meta["labels"]))

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        row = [1.0] + [0.0] * (len(self.labels) - 1)
        return [prediction_from_row(self.labels, row) for _ in texts]


def _model(tmp_path: Path, meta: dict | str | None, name: str = "m") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    if meta is not None:
        (folder / "meta.json").write_text(meta if isinstance(meta, str) else json.dumps(meta), encoding="utf-8")
    return folder


META = {"backend": "constant-test", "labels": ["a", "b"], "model_id": "m"}


def test_loads_through_the_named_backend_and_caches_per_path(tmp_path):
    folder = _model(tmp_path, META)
    clear_cache()
    before = ConstantClassifier.loads
    first = load_classifier(folder)
    assert isinstance(first, ConstantClassifier)
    assert (first.model_id, first.labels, first.backend) == ("m", ["a", "b"], "constant-test")
    assert load_classifier(tmp_path / "." / "m") is first
    assert ConstantClassifier.loads == before + 1
    clear_cache()
    assert load_classifier(folder) is not first


def test_predict_is_batch_first(tmp_path):
    classifier = load_classifier(_model(tmp_path, META))
    assert classifier.predict([]) == []
    assert classifier.predict(["x", "y"]) == [Prediction("a", 1.0, {"a": 1.0, "b": 0.0})] * 2


def test_missing_folder_says_what_to_run(tmp_path):
    with pytest.raises(ModelMissing, match="does not exist") as caught:
        load_classifier(tmp_path / "nowhere")
    assert "make models" in caught.value.hint
    assert str(tmp_path / "nowhere") in caught.value.render()


@pytest.mark.parametrize(("meta", "message"), [
    (None, "has no meta.json"),
    ("{not json", "not valid JSON"),
    (["a list"], "lacks backend, labels, model_id"),
    ({"backend": "constant-test", "labels": []}, "lacks labels, model_id"),
])
def test_broken_meta_is_model_missing(tmp_path, meta, message):
    with pytest.raises(ModelMissing, match=message):
        load_classifier(_model(tmp_path, meta))


def test_missing_artifact_is_model_missing(tmp_path):
    """The usual case on a fresh clone: meta.json is committed, the artifact is not."""
    folder = _model(tmp_path, {**META, "artifact": "model.joblib"})
    with pytest.raises(ModelMissing, match=r"model\.joblib is missing") as caught:
        load_classifier(folder)
    assert "make models" in caught.value.hint


def test_unknown_backend_is_named(tmp_path):
    with pytest.raises(ModelMissing, match="no classifier backend named 'abacus'"):
        load_classifier(_model(tmp_path, {**META, "backend": "abacus"}))


def test_backends_are_imported_on_demand():
    assert backend_class("sklearn").__name__ == "SklearnClassifier"


def test_a_name_cannot_be_taken_twice():
    with pytest.raises(ValueError, match="already registered"):
        @register_backend("constant-test")
        class Impostor(ConstantClassifier):
            pass
