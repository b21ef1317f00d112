"""train_task on a tiny cut of the shipped data, and the evaluate / train command-line contract."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import InvalidInput
from core.settings import get_settings
from nlp.tasks import TASKS, get_task
from nlp.train import DATA_DIR, train_task

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = {"accuracy", "macro_f1", "weighted_f1", "per_class", "n"}


def test_train_task_writes_metrics_meta_and_card(tiny_data_dir, tmp_path):
    out = tmp_path / "sentiment-tiny-v9-20261130"
    metrics = train_task("sentiment", out, tiny_data_dir, c=2.0, refit_on_dev=False)
    assert {p.name for p in out.iterdir()} == {"model.joblib", "meta.json", "metrics.json", "MODEL_CARD.md"}
    assert json.loads((out / "metrics.json").read_text(encoding="utf-8")) == metrics
    assert set(metrics["per_dataset"]) == {"uit_vsfc", "vlsp2016_sa"}
    assert CONTRACT <= set(metrics["overall"])
    assert set(metrics["extra"]) == {"uit_vsfc, diacritics stripped", "vlsp2016_sa, diacritics stripped", "all, diacritics stripped"}
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["task"] == "sentiment" and meta["options"]["c"] == 2.0 and meta["refit_on_dev"] is False
    assert "research" in meta["data"]["uit_vsfc"]["licence"] and "KSE 2018" in meta["data"]["uit_vsfc"]["citation"]
    card = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    for needle in (get_task("sentiment").CARD_NOTE.splitlines()[0], "## Dev metrics", "diacritics stripped", meta["command"], "KSE 2018"):
        assert needle in card


def test_refit_on_dev_reports_the_train_only_figures(tiny_data_dir, tmp_path):
    out = tmp_path / "sentiment-tiny-v8-20261130"
    metrics = train_task("sentiment", out, tiny_data_dir, refit_on_dev=True)
    assert "train-only fit" in metrics["note"]
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["refit_on_dev"] is True and "refit_on_dev" not in meta["options"]


def test_bad_requests_are_refused(tiny_data_dir, tmp_path):
    with pytest.raises(InvalidInput, match="unknown task"):
        train_task("horoscope", tmp_path / "x", tiny_data_dir)
    with pytest.raises(InvalidInput, match="--base is for the transformers backend"):
        train_task("sentiment", tmp_path / "x", tiny_data_dir, base_dir=tmp_path)
    with pytest.raises(InvalidInput, match="--base"):
        train_task("sentiment", tmp_path / "x", tiny_data_dir, backend="transformers")


def _langnghe(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "cli.main", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_evaluate_cli_contract_with_a_given_model(tiny_model_dir, tiny_data_dir):
    result = _langnghe("evaluate", "--task", "sentiment", "--data", str(tiny_data_dir / "uit_vsfc" / "dev.jsonl"),
                       "--model", str(tiny_model_dir))
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert set(scores) == CONTRACT and scores["n"] == 12


def test_classify_cli_names_fields_after_the_task(tiny_model_dir, tmp_path):
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    inp.write_text('{"text": "thầy dạy hay"}\n', encoding="utf-8")
    result = _langnghe("classify", "--task", "sentiment", "--in", str(inp), "--out", str(out), "--model", str(tiny_model_dir))
    assert result.returncode == 0, result.stderr
    row = json.loads(out.read_text(encoding="utf-8"))
    assert {"sentiment", "sentiment_score", "sentiment_scores", "model_id"} <= set(row)


def _dev_file(task: str, tmp_path: Path) -> Path:
    dev = next(iter(get_task(task).load_data(DATA_DIR).dev().values()))
    path = tmp_path / f"{task}.jsonl"
    path.write_text("".join(json.dumps({"text": t, "label": lb}, ensure_ascii=False) + "\n"
                            for t, lb in list(zip(dev.texts, dev.labels, strict=True))[:40]), encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("task", TASKS)
def test_evaluate_cli_contract_for_every_built_model(task, tmp_path):
    folder = Path(getattr(get_settings(), f"{task}_model"))
    if not (folder / "meta.json").is_file() or not any((folder / name).is_file() for name in ("model.joblib", "model.safetensors")):
        pytest.skip(f"{folder.name} is not built (make models)")
    result = _langnghe("evaluate", "--task", task, "--data", str(_dev_file(task, tmp_path)))
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert set(scores) == CONTRACT and scores["n"] > 0
    assert set(scores["per_class"]) <= set(get_task(task).LABELS)


def test_evaluate_rejects_labels_outside_the_task(tiny_model_dir, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "x", "label": "complaint"}\n', encoding="utf-8")
    result = _langnghe("evaluate", "--task", "sentiment", "--data", str(path), "--model", str(tiny_model_dir))
    assert result.returncode != 0 and "unknown label 'complaint'" in result.stderr
