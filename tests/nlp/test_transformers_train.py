import json
import os

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"

from core.errors import InvalidInput  # noqa: E402
from nlp.classify.registry import clear_cache, load_classifier  # noqa: E402
from nlp.classify.transformers_backend import TransformersClassifier  # noqa: E402
from nlp.evaluate import read_labelled_jsonl  # noqa: E402
from nlp.tasks import Corpus, Split, TaskData  # noqa: E402
from nlp.transformers_tiny import build_tiny_checkpoint  # noqa: E402
from nlp.transformers_train import train_transformer  # noqa: E402

pytestmark = pytest.mark.slow


def _split(path):
    return Split(*read_labelled_jsonl(path))


@pytest.fixture(scope="module")
def data(tiny_data_dir):
    """Two corpora of a few dozen texts: UIT-VSFC with its dev split, and VLSP with its first
    six lines as dev (the tiny file is ordered by label, so take two of each)."""
    vlsp = _split(tiny_data_dir / "vlsp2016_sa" / "train.jsonl")
    dev_rows = [i for label in ("negative", "neutral", "positive") for i in [j for j, lb in enumerate(vlsp.labels) if lb == label][:2]]
    train_rows = [i for i in range(len(vlsp.texts)) if i not in dev_rows]
    pick = lambda rows: Split([vlsp.texts[i] for i in rows], [vlsp.labels[i] for i in rows])  # noqa: E731
    return TaskData([
        Corpus("uit_vsfc", _split(tiny_data_dir / "uit_vsfc" / "train.jsonl"), _split(tiny_data_dir / "uit_vsfc" / "dev.jsonl"),
               {"uit_vsfc/train.jsonl": "0" * 64}, "tiny cut", title="UIT-VSFC", licence="research only", citation="KSE 2018"),
        Corpus("vlsp2016_sa", pick(train_rows), pick(dev_rows), {}, "tiny cut, 2 of each label held out"),
    ])


@pytest.fixture(scope="module")
def base_dir(data, tmp_path_factory):
    # The base's head is for other labels (and count): fine-tuning must replace it.
    return build_tiny_checkpoint(tmp_path_factory.mktemp("base") / "tiny-base", data.train().texts, ["a", "b"])


@pytest.fixture(scope="module")
def trained(data, base_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("models") / "sentiment-tinybert-v0-20261130"
    metrics = train_transformer("sentiment", data, base_dir, out, epochs=1, batch_size=8, learning_rate=1e-3)
    return out, metrics


def test_training_writes_a_loadable_model_folder(trained):
    out, metrics = trained
    assert {"config.json", "model.safetensors", "tokenizer.json", "meta.json", "metrics.json", "MODEL_CARD.md"} <= \
        {p.name for p in out.iterdir()}
    clear_cache()
    classifier = load_classifier(out)
    assert isinstance(classifier, TransformersClassifier)
    assert classifier.labels == ["negative", "neutral", "positive"]
    assert json.loads((out / "config.json").read_text(encoding="utf-8"))["id2label"] == \
        {"0": "negative", "1": "neutral", "2": "positive"}
    assert [p.label in classifier.labels for p in classifier.predict(["rất tốt", "tệ quá"])] == [True, True]


def test_meta_metrics_and_card_describe_the_run(trained, data):
    out, metrics = trained
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert (meta["backend"], meta["task"], meta["model_id"]) == ("transformers", "sentiment", out.name)
    assert meta["train_steps"] == -(-len(data.train().texts) // 8)  # one epoch of batches of 8
    assert meta["base"]["model_id"] == "tiny-base"
    assert meta["command"].startswith("langnghe train sentiment --backend transformers --base ")
    assert meta["data"]["vlsp2016_sa"]["dev"] == {"negative": 2, "neutral": 2, "positive": 2}
    assert json.loads((out / "metrics.json").read_text(encoding="utf-8")) == metrics
    assert set(metrics["per_dataset"]) == {"uit_vsfc", "vlsp2016_sa"}
    assert metrics["overall"]["n"] == 12 + 6
    card = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    for needle in ("## Data", "## Dev metrics", "## Transformer", meta["command"], "research only", "new classification head"):
        assert needle in card


def test_options_and_labels_are_checked(data, base_dir, tmp_path):
    with pytest.raises(InvalidInput, match="unknown training options"):
        train_transformer("sentiment", data, base_dir, tmp_path / "x", epoch=1)
    wrong = TaskData([Corpus("odd", Split(["a", "b"], ["negative", "angry"]), Split(["c"], ["negative"]))])
    with pytest.raises(InvalidInput, match="angry"):
        train_transformer("sentiment", wrong, base_dir, tmp_path / "y")
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()
