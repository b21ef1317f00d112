import json

import pytest

from core.errors import ModelMissing
from nlp.classify.base import Prediction
from nlp.classify.registry import clear_cache, load_classifier
from nlp.classify.sklearn_backend import SklearnClassifier, prepare_text
from nlp.evaluate import read_labelled_jsonl


def test_training_writes_a_complete_model_folder(tiny_model_dir):
    assert {p.name for p in tiny_model_dir.iterdir()} == {"model.joblib", "meta.json", "metrics.json", "MODEL_CARD.md"}
    meta = json.loads((tiny_model_dir / "meta.json").read_text(encoding="utf-8"))
    assert meta["backend"] == "sklearn"
    assert meta["model_id"] == tiny_model_dir.name
    assert meta["labels"] == ["negative", "neutral", "positive"]
    assert set(meta["data"]) == {"uit_vsfc", "vlsp2016_sa"}
    assert meta["command"].startswith("python -m nlp.train sentiment --out ")
    metrics = json.loads((tiny_model_dir / "metrics.json").read_text(encoding="utf-8"))
    assert set(metrics["per_dataset"]) == {"uit_vsfc", "vlsp2016_sa"}
    assert metrics["overall"]["n"] == sum(m["n"] for m in metrics["per_dataset"].values())
    card = (tiny_model_dir / "MODEL_CARD.md").read_text(encoding="utf-8")
    for needle in ("## Data", "## Dev metrics", "## Limitations", "research", meta["command"], "KSE 2018"):
        assert needle in card


def test_vlsp_dev_is_held_out_stratified(tiny_model_dir):
    meta = json.loads((tiny_model_dir / "meta.json").read_text(encoding="utf-8"))
    vlsp = meta["data"]["vlsp2016_sa"]
    assert vlsp["dev"] == {"negative": 2, "neutral": 2, "positive": 2}  # round(14 × 15%) of each label
    assert vlsp["train"] == {"negative": 12, "neutral": 12, "positive": 12}


def test_loaded_through_the_registry_and_predicts(tiny_classifier, tiny_data_dir):
    assert isinstance(tiny_classifier, SklearnClassifier)
    texts, labels = read_labelled_jsonl(tiny_data_dir / "uit_vsfc" / "train.jsonl")
    predictions = tiny_classifier.predict(texts)
    assert len(predictions) == len(texts)
    assert all(isinstance(p, Prediction) and p.label in tiny_classifier.labels for p in predictions)
    for p in predictions:
        assert list(p.scores) == tiny_classifier.labels
        assert sum(p.scores.values()) == pytest.approx(1.0)
        assert p.score == max(p.scores.values()) == p.scores[p.label]
    assert sum(p.label == gold for p, gold in zip(predictions, labels, strict=True)) / len(labels) > 0.8  # it learnt something


def test_empty_batch_gives_an_empty_list(tiny_classifier):
    assert tiny_classifier.predict([]) == []
    assert tiny_classifier.predict(()) == []


def test_predictions_are_deterministic_across_loads(tiny_model_dir, tiny_classifier):
    texts = ["Giảng viên nhiệt tình, dễ hiểu :)", "máy nóng, pin tệ", "", "Hoà bình"]
    clear_cache()
    again = load_classifier(tiny_model_dir)
    assert again is not tiny_classifier
    assert again.predict(texts) == tiny_classifier.predict(texts)


def test_labels_in_meta_must_match_the_artifact(tiny_model_dir, tmp_path):
    folder = tmp_path / "mixed-up"
    folder.mkdir()
    (folder / "model.joblib").write_bytes((tiny_model_dir / "model.joblib").read_bytes())
    meta = json.loads((tiny_model_dir / "meta.json").read_text(encoding="utf-8"))
    (folder / "meta.json").write_text(json.dumps({**meta, "labels": ["bad", "good"]}), encoding="utf-8")
    with pytest.raises(ModelMissing, match="labels"):
        load_classifier(folder)


def test_the_classifier_sees_normalised_lower_case_text_with_emoticon_words():
    assert prepare_text("Thầy dạy HAY :)) <br> nhưng khoẻ :( ") == "thầy dạy hay colonsmilesmile nhưng khỏe colonsad"
    assert prepare_text("http://x.vn :D") == "__url__ colonbigsmile"


def test_loaded_models_share_their_analysis_and_predict_exactly_as_scikit_learn(tiny_data_dir, tmp_path):
    """Models loaded through the registry count n-grams through one SharedAnalysis per setting;
    their probabilities must be scikit-learn's own, bit for bit."""
    import joblib

    texts, labels = read_labelled_jsonl(tiny_data_dir / "vlsp2016_sa" / "train.jsonl")
    folders = []
    for name, options in {"a": {"char_analyzer": "char"}, "b": {}, "c": {"model": "vote", "c": 0.5}}.items():
        folder = tmp_path / f"m-{name}"
        classifier = SklearnClassifier.fit(texts, labels, folder.name, class_weight="balanced", **options)
        classifier.save(folder)
        (folder / "meta.json").write_text(json.dumps({"backend": "sklearn", "labels": classifier.labels, "model_id": folder.name,
                                                      "artifact": "model.joblib"}), encoding="utf-8")
        folders.append(folder)
    probe = [*texts[::3], "ko bít j luôn 😍", "đường ngập quá trời, gọi 0909 123 456", ""]
    clear_cache()
    for folder in folders:
        shared = load_classifier(folder)
        plain = SklearnClassifier(joblib.load(folder / "model.joblib"), folder.name)
        assert shared.predict(probe) == plain.predict(probe)
        assert shared.predict(probe[:5]) == plain.predict(probe[:5])
