import json
import os
import shutil

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"  # before anything imports huggingface_hub: nothing may be fetched

from core.errors import ModelMissing  # noqa: E402
from nlp.classify.base import Prediction  # noqa: E402
from nlp.classify.registry import clear_cache, load_classifier  # noqa: E402
from nlp.classify.transformers_backend import (  # noqa: E402
    TransformersClassifier,
    adopt_checkpoint,
    load_transformer,
    prepare_text,
)
from nlp.evaluate import read_labelled_jsonl  # noqa: E402
from nlp.transformers_tiny import build_tiny_checkpoint  # noqa: E402

LABELS = ["negative", "neutral", "positive"]


@pytest.fixture(scope="module")
def texts(tiny_data_dir):
    return read_labelled_jsonl(tiny_data_dir / "uit_vsfc" / "train.jsonl")[0] + \
        read_labelled_jsonl(tiny_data_dir / "vlsp2016_sa" / "train.jsonl")[0]


@pytest.fixture(scope="module")
def tiny_dir(texts, tmp_path_factory):
    return build_tiny_checkpoint(tmp_path_factory.mktemp("tf") / "tiny-bert", texts, LABELS)


def test_hub_is_offline():
    from huggingface_hub import constants

    assert constants.HF_HUB_OFFLINE


def test_tiny_checkpoint_is_a_model_folder(tiny_dir):
    names = {p.name for p in tiny_dir.iterdir()}
    assert {"config.json", "model.safetensors", "tokenizer.json", "meta.json"} <= names
    config = json.loads((tiny_dir / "config.json").read_text(encoding="utf-8"))
    assert config["id2label"] == {"0": "negative", "1": "neutral", "2": "positive"}
    assert (config["num_hidden_layers"], config["hidden_size"]) == (2, 64)
    assert config["vocab_size"] <= 2000


def test_loads_through_the_registry_with_labels_from_the_checkpoint(tiny_dir, texts):
    clear_cache()
    classifier = load_classifier(tiny_dir)
    assert isinstance(classifier, TransformersClassifier)
    assert classifier.labels == LABELS and classifier.runtime == "torch"
    predictions = classifier.predict(texts)
    assert len(predictions) == len(texts)
    for p in predictions:
        assert isinstance(p, Prediction) and list(p.scores) == LABELS
        assert sum(p.scores.values()) == pytest.approx(1.0, abs=1e-5)
        assert p.score == max(p.scores.values()) == p.scores[p.label]
    assert classifier.predict([]) == []


def test_batching_and_length_sorting_keep_the_input_order(tiny_dir, texts):
    classifier = load_transformer(tiny_dir)
    classifier.batch_size = 4
    batched = classifier.predict(texts[:13])
    one_by_one = [classifier.predict([text])[0] for text in texts[:13]]
    for a, b in zip(batched, one_by_one, strict=True):
        assert a.scores == pytest.approx(b.scores, abs=1e-5)


def test_long_texts_are_truncated_not_rejected(tiny_dir):
    classifier = load_transformer(tiny_dir)
    long = " ".join(["giảng viên dạy rất hay và nhiệt tình"] * 400)
    tokens = classifier.tokenizer([long], truncation=True, max_length=classifier.max_length)["input_ids"][0]
    assert len(tokens) == classifier.max_length == 128
    assert classifier.predict([long, "ngắn"])[0].label in LABELS


def test_int8_runtime_keeps_labels_and_mostly_agrees(tiny_dir, texts):
    plain, int8 = load_transformer(tiny_dir), load_transformer(tiny_dir, runtime="int8")
    assert int8.runtime == "int8" and int8.labels == plain.labels
    assert type(int8.model.bert.encoder.layer[0].attention.self.query).__module__.startswith("torch.ao.nn.quantized")
    a, b = plain.predict(texts), int8.predict(texts)
    assert sum(x.label == y.label for x, y in zip(a, b, strict=True)) / len(texts) >= 0.8
    assert max(abs(x.scores[k] - y.scores[k]) for x, y in zip(a, b, strict=True) for k in LABELS) < 0.05


def test_runtime_can_be_chosen_in_meta(tiny_dir, tmp_path):
    folder = shutil.copytree(tiny_dir, tmp_path / "int8-model")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    (folder / "meta.json").write_text(json.dumps({**meta, "runtime": "int8"}), encoding="utf-8")
    assert load_classifier(folder).runtime == "int8"
    (folder / "meta.json").write_text(json.dumps({**meta, "runtime": "gpu-magic"}), encoding="utf-8")
    clear_cache()
    with pytest.raises(ModelMissing, match="runtime"):
        load_classifier(folder)


def test_meta_labels_must_match_the_checkpoint(tiny_dir, tmp_path):
    folder = shutil.copytree(tiny_dir, tmp_path / "mixed-up")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    (folder / "meta.json").write_text(json.dumps({**meta, "labels": ["positive", "neutral", "negative"]}), encoding="utf-8")
    with pytest.raises(ModelMissing, match="labels"):
        load_classifier(folder)


def test_adopting_a_checkpoint_with_generic_labels_takes_them_from_meta(tiny_dir, tmp_path):
    folder = shutil.copytree(tiny_dir, tmp_path / "user-checkpoint")
    (folder / "meta.json").unlink()
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    config["id2label"] = {"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}
    config["label2id"] = {"LABEL_0": 0, "LABEL_1": 1, "LABEL_2": 2}
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    meta = adopt_checkpoint(folder, "sentiment", labels=["neg", "neu", "pos"])
    assert meta["labels"] == ["neg", "neu", "pos"] and meta["artifact"] == "model.safetensors"
    assert load_classifier(folder).predict(["tốt"])[0].label in {"neg", "neu", "pos"}


def test_missing_weights_or_folder_are_clear_errors_and_never_reach_a_hub(tiny_dir, tmp_path):
    folder = shutil.copytree(tiny_dir, tmp_path / "card-only")
    (folder / "model.safetensors").unlink()
    with pytest.raises(ModelMissing, match="model.safetensors"):
        load_classifier(folder)
    with pytest.raises(ModelMissing, match="does not exist"):
        load_transformer("vinai/phobert-base")  # a hub id is just a missing local folder


def test_segmented_models_see_pyvi_words():
    assert prepare_text("Thành phố Hồ Chí Minh  ngập nước", segmented=False) == "Thành phố Hồ Chí Minh ngập nước"
    assert "Thành_phố" in prepare_text("Thành phố Hồ Chí Minh ngập nước", segmented=True).split()


@pytest.mark.slow
def test_onnx_runtimes_export_once_and_agree_with_pytorch(tiny_dir, texts, tmp_path, capsys):
    folder = shutil.copytree(tiny_dir, tmp_path / "onnx-model")
    plain = load_transformer(folder).predict(texts)
    onnx = load_transformer(folder, runtime="onnx")
    assert "exporting onnx-model to model.onnx" in capsys.readouterr().err
    assert (folder / "model.onnx").is_file() and onnx.runtime == "onnx" and onnx.labels == LABELS
    for a, b in zip(plain, onnx.predict(texts), strict=True):
        assert a.label == b.label and a.scores == pytest.approx(b.scores, abs=1e-4)
    exported = (folder / "model.onnx").stat().st_mtime_ns
    int8 = load_transformer(folder, runtime="onnx-int8", threads=1)
    assert int8.model.session.get_session_options().intra_op_num_threads == 1
    assert (folder / "model.onnx").stat().st_mtime_ns == exported  # reused, not exported again
    assert "model.onnx" not in capsys.readouterr().err.replace("model.int8.onnx", "")
    quantized = int8.predict(texts)
    assert sum(a.label == b.label for a, b in zip(plain, quantized, strict=True)) / len(texts) >= 0.8
    assert int8.predict([]) == []


def test_a_roberta_checkpoint_like_phobert_loads_too(texts, tmp_path):
    folder = build_tiny_checkpoint(tmp_path / "tiny-roberta", texts, LABELS, arch="roberta")
    assert json.loads((folder / "config.json").read_text(encoding="utf-8"))["model_type"] == "roberta"
    classifier = load_transformer(folder)
    long = " ".join(["phường Bến Nghé ngập nước"] * 300)  # truncated to the positions a RoBERTa has
    predictions = classifier.predict([long, *texts[:5]])
    assert len(predictions) == 6 and all(p.label in LABELS for p in predictions)


def test_a_missing_package_is_a_clear_error_naming_the_extra():
    from nlp.classify.transformers_backend import require_packages

    with pytest.raises(ModelMissing, match="no_such_package_here") as raised:
        require_packages("torch", "no_such_package_here")
    assert "[transformers]" in raised.value.hint
