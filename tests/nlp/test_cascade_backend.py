import json
import os

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"

from core.errors import ModelMissing  # noqa: E402
from nlp.classify.cascade_backend import CascadeClassifier  # noqa: E402
from nlp.classify.registry import clear_cache, load_classifier  # noqa: E402
from nlp.classify.sklearn_backend import SklearnClassifier  # noqa: E402
from nlp.evaluate import read_labelled_jsonl  # noqa: E402
from nlp.transformers_tiny import build_tiny_checkpoint  # noqa: E402

LABELS = ["negative", "neutral", "positive"]


@pytest.fixture(scope="module")
def corpus(tiny_data_dir):
    return read_labelled_jsonl(tiny_data_dir / "uit_vsfc" / "train.jsonl")


@pytest.fixture(scope="module")
def models_dir(corpus, tmp_path_factory):
    """models/ with a tiny fast model and a tiny transformer, side by side as in the repository."""
    root = tmp_path_factory.mktemp("models")
    texts, labels = corpus
    fast = SklearnClassifier.fit(texts, labels, "sentiment-fast-v0")
    fast.save(root / "sentiment-fast-v0")
    (root / "sentiment-fast-v0" / "meta.json").write_text(
        json.dumps({"backend": "sklearn", "model_id": "sentiment-fast-v0", "labels": fast.labels, "artifact": "model.joblib"}))
    # The transformer's labels in another order: the cascade reports scores in its own order.
    build_tiny_checkpoint(root / "sentiment-tiny-v0", texts, ["positive", "negative", "neutral"])
    return root


def _cascade(models_dir, threshold, name=None, **extra):
    folder = models_dir / (name or f"sentiment-cascade-{threshold}")
    folder.mkdir(exist_ok=True)
    meta = {"backend": "cascade", "model_id": folder.name, "labels": LABELS, "task": "sentiment",
            "fast": "../sentiment-fast-v0", "transformer": str(models_dir / "sentiment-tiny-v0"), "threshold": threshold, **extra}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    clear_cache()
    return load_classifier(folder)


def _texts(corpus):
    return corpus[0] + ["máy nóng, pin tệ", "", "Hoà bình"]


def test_threshold_zero_keeps_everything_on_the_fast_model(models_dir, corpus):
    cascade = _cascade(models_dir, 0.0)
    assert isinstance(cascade, CascadeClassifier)
    texts = _texts(corpus)
    predictions = cascade.predict(texts)
    assert cascade.last_counts == {"fast": len(texts), "transformer": 0}
    assert predictions == cascade.fast.predict(texts)


def test_threshold_one_sends_everything_to_the_transformer(models_dir, corpus):
    cascade = _cascade(models_dir, 1.0)
    texts = _texts(corpus)
    assert all(p.score < 1.0 for p in cascade.fast.predict(texts))
    predictions = cascade.predict(texts)
    assert cascade.last_counts == {"fast": 0, "transformer": len(texts)}
    expected = cascade.transformer.predict(texts)
    assert [p.label for p in predictions] == [p.label for p in expected]
    assert all(list(p.scores) == LABELS and p.scores == e.scores for p, e in zip(predictions, expected, strict=True))


def test_a_middle_threshold_routes_exactly_the_unsure_items(models_dir, corpus):
    texts = _texts(corpus)
    fast_scores = sorted(p.score for p in load_classifier(models_dir / "sentiment-fast-v0").predict(texts))
    threshold = fast_scores[len(fast_scores) // 2]  # about half are below it
    cascade = _cascade(models_dir, threshold, name="sentiment-cascade-mid")
    fast, slow = cascade.fast.predict(texts), cascade.transformer.predict(texts)
    predictions = cascade.predict(texts)
    unsure = [f.score < threshold for f in fast]
    assert cascade.last_counts == {"fast": unsure.count(False), "transformer": unsure.count(True)}
    assert 0 < unsure.count(True) < len(texts)
    for p, f, s, sent in zip(predictions, fast, slow, unsure, strict=True):
        assert p.label == (s.label if sent else f.label)
    cascade.predict(texts[:3])
    assert sum(cascade.counts.values()) == len(texts) + 3


def test_empty_batch(models_dir):
    cascade = _cascade(models_dir, 0.5, name="sentiment-cascade-empty")
    assert cascade.predict([]) == []
    assert cascade.last_counts == {"fast": 0, "transformer": 0}


def test_bad_cascades_are_clear_errors(models_dir):
    with pytest.raises(ModelMissing, match="threshold"):
        _cascade(models_dir, None, name="no-threshold")
    with pytest.raises(ModelMissing, match="between 0 and 1"):
        _cascade(models_dir, 1.5, name="too-high")
    with pytest.raises(ModelMissing, match="but sentiment-fast-v0 has"):
        _cascade(models_dir, 0.5, name="other-labels", labels=["bad", "good"])
    with pytest.raises(ModelMissing, match="does not exist"):
        _cascade(models_dir, 0.5, name="no-fast", fast="../nowhere")
