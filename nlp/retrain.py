"""Retraining from officers' label corrections, behind an evaluation gate.

For a task with corrections, a candidate is trained on the shipped training data plus the
corrections (as one more corpus, ``officer_corrections``) with the served model's options, and
scored on the task's frozen dev sets — the same sets, never touched by corrections, that the
served model's card reports (its ``metrics.json`` holds the dev figures of its train-only fit, so
a model refitted on dev is compared fairly). The candidate is promoted only if its dev macro-F1
beats the served model's by at least ``min_gain``; then it is refitted the way the served model
was (on train + dev when that model was), written under ``<data_dir>/models/`` and named in
``<data_dir>/models/promoted.json``, which ``served_model_dir`` reads. Every decision, promoted or
not, is logged in ``<prefix>-model-decisions``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

from core.feedback_schema import ModelDecision
from core.settings import Settings
from nlp.tasks import Corpus, Split, TaskData, get_task


def promoted_file(settings: Settings) -> Path:
    return settings.data_dir / "models" / "promoted.json"


def served_model_dir(settings: Settings, task: str) -> Path:
    """The model folder serving ``task``: a promoted retrained model, else the ``<task>_model`` setting."""
    path = promoted_file(settings)
    if path.is_file():
        promoted = json.loads(path.read_text(encoding="utf-8")).get(task)
        if promoted and Path(promoted, "meta.json").is_file():
            return Path(promoted)
    return Path(getattr(settings, f"{task}_model"))


@dataclass(frozen=True)
class Outcome:
    task: str
    corrections: int
    current_macro_f1: float | None
    candidate_macro_f1: float | None
    promoted: bool
    model_dir: Path | None
    reason: str


def _with_corrections(data: TaskData, texts: list[str], labels: list[str]) -> TaskData:
    return TaskData(corpora=[*data.corpora, Corpus(name="officer_corrections", train=Split(texts, labels),
                                                   note="label corrections made by officers in the dashboard")])


def _fit(task, data: TaskData, model_id: str, options: dict[str, Any], with_dev: bool):
    from nlp.classify.sklearn_backend import SklearnClassifier

    options = {k: v for k, v in options.items() if k not in ("corpus_weights", "refit_on_dev")}
    split = data.train()
    if with_dev:
        dev = data.dev_all()
        split = Split(split.texts + dev.texts, split.labels + dev.labels)
    return SklearnClassifier.fit(split.texts, split.labels, model_id, **options)


def retrain_task(client: Elasticsearch, settings: Settings, task_name: str, at: datetime, *,
                 min_gain: float = 0.0, min_corrections: int = 20, data_dir: Path | None = None) -> Outcome:
    from nlp.evaluate import evaluate
    from nlp.train import DATA_DIR, write_json
    from store.feedback import corrections, ensure_feedback_indices, record_decision

    ensure_feedback_indices(client, settings)
    task = get_task(task_name)
    current_dir = served_model_dir(settings, task_name)
    fixes = [c for c in corrections(client, settings, task_name, until=at) if c.label in task.LABELS]
    current_metrics = json.loads((current_dir / "metrics.json").read_text(encoding="utf-8"))
    current_meta = json.loads((current_dir / "meta.json").read_text(encoding="utf-8"))
    current_f1 = float(current_metrics["overall"]["macro_f1"])

    def decide(candidate_f1: float | None, promoted: bool, model_dir: Path | None, reason: str) -> Outcome:
        record_decision(client, settings, ModelDecision(
            id=f"{task_name}:{at:%Y%m%dT%H%M}", task=task_name, decided_at=at, current_model=current_dir.name,
            candidate_model=model_dir.name if model_dir else "", corrections=len(fixes), current_macro_f1=current_f1,
            candidate_macro_f1=candidate_f1 if candidate_f1 is not None else -1.0, promoted=promoted, reason=reason))
        return Outcome(task_name, len(fixes), current_f1, candidate_f1, promoted, model_dir, reason)

    if current_meta.get("backend", "sklearn") != "sklearn":
        return decide(None, False, None, f"the served model's backend is {current_meta.get('backend')}: retrain it by hand")
    if len(fixes) < min_corrections:
        return decide(None, False, None, f"{len(fixes)} corrections, fewer than {min_corrections}: nothing to learn yet")
    data = task.load_data(Path(data_dir or DATA_DIR))
    options = dict(current_meta.get("options") or task.OPTIONS)
    augmented = _with_corrections(data, [c.text for c in fixes], [c.label for c in fixes])
    name = f"{task_name}-retrained-v{at:%Y%m%d%H%M}"
    candidate = _fit(task, augmented, name, options, with_dev=False)
    frozen = data.dev_all()
    candidate_eval = evaluate(candidate, frozen.texts, frozen.labels)
    candidate_f1 = float(candidate_eval["macro_f1"])
    if candidate_f1 < current_f1 + min_gain:
        return decide(candidate_f1, False, None,
                      f"candidate dev macro-F1 {candidate_f1:.4f} does not beat the served {current_f1:.4f} (+{min_gain})")
    out = settings.data_dir / "models" / name
    final = _fit(task, augmented, name, options, with_dev=bool(current_meta.get("refit_on_dev")))
    final.save(out)
    write_json(out / "meta.json", current_meta | {"model_id": name, "labels": final.labels, "trained": at.date().isoformat(),
                                                 "retrained_from": current_dir.name, "corrections": len(fixes)})
    write_json(out / "metrics.json", {"split": "dev", "overall": candidate_eval,
                                      "note": "dev figures of the fit on train + corrections"})
    promoted = json.loads(promoted_file(settings).read_text(encoding="utf-8")) if promoted_file(settings).is_file() else {}
    promoted[task_name] = str(out)
    write_json(promoted_file(settings), promoted)
    return decide(candidate_f1, True, out, f"candidate dev macro-F1 {candidate_f1:.4f} beats the served {current_f1:.4f}")
