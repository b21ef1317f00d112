"""Fine-tuning a local Hugging Face checkpoint for one task, on CPU (``langnghe train <task>
--backend transformers --base DIR``); never imported by the serving path.

The base checkpoint's encoder is kept and a new classification head for the task's labels
is initialised; training is a plain AdamW loop with linear warm-up and decay, bounded by
``epochs`` and ``max_steps`` so it fits the two-core machine. The result is a model folder
(checkpoint + meta.json + metrics.json + MODEL_CARD.md), scored on every dev corpus after
reloading it from disk exactly as the serving path will.
"""
from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from core.errors import InvalidInput
from nlp.classify.transformers_backend import RUNTIMES, prepare_texts, quiet_transformers, require_checkpoint, require_packages
from nlp.evaluate import evaluate
from nlp.tasks import TaskData, get_task

ROOT = Path(__file__).resolve().parent.parent
OPTIONS: dict[str, Any] = {
    "epochs": 1, "max_steps": None, "batch_size": 16, "learning_rate": 5e-5, "weight_decay": 0.01,
    "warmup_ratio": 0.06, "max_length": 128, "class_weight": None, "seed": 0, "segmented": None,
    "runtime": "torch", "log_every": 50,
}


def train_transformer(task_name: str, data: TaskData, base_dir: Path, out_dir: Path, **options: Any) -> dict[str, Any]:
    """Fine-tune ``base_dir`` on ``data``'s train split for ``task_name``'s labels into ``out_dir``;
    returns the dev metrics (also written to metrics.json). ``options`` override OPTIONS;
    ``segmented`` defaults to the base folder's meta.json (PhoBERT-style bases say true)."""
    require_packages("torch", "transformers")
    base_dir, out_dir = Path(base_dir).resolve(), Path(out_dir)
    options = _options(base_dir, options)
    labels = list(get_task(task_name).LABELS)
    train = data.train()
    _check_labels(train.labels, labels, "train")
    if not data.dev():
        raise InvalidInput("no dev split to score the fine-tuned model on", hint="Give at least one corpus a dev split.")
    model, tokenizer = _load_base(base_dir, labels)
    started = time.perf_counter()
    steps = _fit(model, tokenizer, prepare_texts(train.texts, options["segmented"]),
                 [labels.index(label) for label in train.labels], options)
    seconds = round(time.perf_counter() - started, 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    with quiet_transformers():
        model.save_pretrained(out_dir)
        tokenizer.save_pretrained(out_dir)
    meta = _meta(task_name, labels, data, base_dir, out_dir, options, seconds, steps, model.num_parameters())
    _write_json(out_dir / "meta.json", meta)
    metrics = _dev_metrics(out_dir, data)
    _write_json(out_dir / "metrics.json", metrics)
    (out_dir / "MODEL_CARD.md").write_text(_card(get_task(task_name), meta, metrics), encoding="utf-8")
    _say(f"done in {seconds}s ({steps} steps) → {out_dir}")
    return metrics


def _options(base_dir: Path, options: dict[str, Any]) -> dict[str, Any]:
    unknown = set(options) - set(OPTIONS)
    if unknown:
        raise InvalidInput(f"unknown training options {', '.join(sorted(unknown))}", hint=f"Known: {', '.join(OPTIONS)}.")
    merged = {**OPTIONS, **{k: v for k, v in options.items() if v is not None}}
    if merged["segmented"] is None:
        merged["segmented"] = bool(_base_meta(base_dir).get("segmented", False))
    if merged["runtime"] not in RUNTIMES:
        raise InvalidInput(f"unknown runtime {merged['runtime']!r}", hint=f"Use one of: {', '.join(RUNTIMES)}.")
    return merged


def _base_meta(base_dir: Path) -> dict[str, Any]:
    meta_file = base_dir / "meta.json"
    return json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}


def _check_labels(given: Sequence[str], labels: Sequence[str], split: str) -> None:
    if not given:
        raise InvalidInput(f"no {split} texts to fine-tune on")
    stray = sorted(set(given) - set(labels))
    if stray:
        raise InvalidInput(f"{split} labels {stray} are not the task's labels {list(labels)}")


def _load_base(base_dir: Path, labels: list[str]) -> tuple[Any, Any]:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    require_checkpoint(base_dir)
    with quiet_transformers():  # the "newly initialized head" warning is the point here
        tokenizer = AutoTokenizer.from_pretrained(base_dir, local_files_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(
            base_dir, local_files_only=True, num_labels=len(labels), ignore_mismatched_sizes=True,
            id2label=dict(enumerate(labels)), label2id={label: i for i, label in enumerate(labels)})
    _new_head(model)
    return model, tokenizer


def _new_head(model: Any) -> None:
    """Re-initialise everything outside the encoder, so no head from the base survives even
    when its label count happens to match."""
    import torch

    encoder = getattr(model, model.base_model_prefix)
    std = getattr(model.config, "initializer_range", 0.02)
    for child in model.children():
        if child is encoder:
            continue
        for module in child.modules() if isinstance(child, torch.nn.Module) else ():
            if isinstance(module, torch.nn.Linear):
                torch.nn.init.normal_(module.weight, std=std)
                torch.nn.init.zeros_(module.bias)


def _batches(n: int, batch_size: int, rng: random.Random) -> list[list[int]]:
    rows = list(range(n))
    rng.shuffle(rows)
    return [rows[i:i + batch_size] for i in range(0, n, batch_size)]


def _fit(model: Any, tokenizer: Any, texts: list[str], targets: list[int], options: dict[str, Any]) -> int:
    import torch
    from transformers import get_linear_schedule_with_warmup

    torch.manual_seed(options["seed"])
    rng = random.Random(options["seed"])
    per_epoch = -(-len(texts) // options["batch_size"])
    total = per_epoch * options["epochs"]
    if options["max_steps"]:
        total = min(total, int(options["max_steps"]))
    optimizer = torch.optim.AdamW(model.parameters(), lr=options["learning_rate"], weight_decay=options["weight_decay"])
    schedule = get_linear_schedule_with_warmup(optimizer, int(total * options["warmup_ratio"]), total)
    loss_fn = torch.nn.CrossEntropyLoss(weight=_class_weights(targets, model.config.num_labels, options["class_weight"]))
    max_length = min(int(options["max_length"]), tokenizer.model_max_length)
    model.train()
    step, running = 0, 0.0
    _say(f"fine-tuning on {len(texts)} texts: {total} steps of {options['batch_size']}")
    while step < total:
        for rows in _batches(len(texts), options["batch_size"], rng):
            batch = tokenizer([texts[i] for i in rows], padding=True, truncation=True, max_length=max_length, return_tensors="pt")
            loss = loss_fn(model(**batch).logits, torch.tensor([targets[i] for i in rows]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step, running = step + 1, running + loss.item()
            if step % options["log_every"] == 0 or step == total:
                _say(f"  step {step}/{total}  loss {running / (step % options['log_every'] or options['log_every']):.4f}")
                running = 0.0
            if step >= total:
                break
    model.eval()
    return step


def _class_weights(targets: list[int], n_labels: int, class_weight: str | None) -> Any:
    """None, or scikit-learn's 'balanced' weights: n / (n_labels × count) per class."""
    if class_weight is None:
        return None
    if class_weight != "balanced":
        raise InvalidInput(f"class_weight must be None or 'balanced', not {class_weight!r}")
    import torch

    counts = Counter(targets)
    return torch.tensor([len(targets) / (n_labels * counts[i]) if counts[i] else 0.0 for i in range(n_labels)])


def _dev_metrics(out_dir: Path, data: TaskData) -> dict[str, Any]:
    from nlp.classify.transformers_backend import load_transformer

    classifier = load_transformer(out_dir)
    dev = data.dev()
    per_dataset = {name: evaluate(classifier, split.texts, split.labels) for name, split in dev.items()}
    texts = [t for split in dev.values() for t in split.texts]
    labels = [label for split in dev.values() for label in split.labels]
    overall = evaluate(classifier, texts, labels) if texts else None
    return {"split": "dev", "overall": overall, "per_dataset": per_dataset}


def _counts(labels: Sequence[str]) -> dict[str, int]:
    return dict(sorted(Counter(labels).items()))


def _shown(path: Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _meta(task_name: str, labels: list[str], data: TaskData, base_dir: Path, out_dir: Path, options: dict[str, Any],
          seconds: float, steps: int, parameters: int) -> dict[str, Any]:
    import tokenizers
    import torch
    import transformers
    from transformers import AutoConfig

    config = AutoConfig.from_pretrained(out_dir, local_files_only=True)
    base_meta = _base_meta(base_dir)
    return {
        "model_id": out_dir.name, "task": task_name, "backend": "transformers", "labels": labels,
        "artifact": "model.safetensors", "segmented": options["segmented"], "runtime": options["runtime"],
        "max_length": options["max_length"], "trained": date.today().isoformat(), "train_seconds": seconds,
        "train_steps": steps, "options": options, "model_type": config.model_type,
        "parameters": parameters,
        "base": {"path": _shown(base_dir), "model_id": base_meta.get("model_id", base_dir.name), "note": base_meta.get("note", "")},
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__, "tokenizers": tokenizers.__version__},
        "data": {c.name: {"files": c.files, "train": _counts(c.train.labels), "dev": _counts(c.dev.labels) if c.dev else {},
                          "note": c.note, **{key: getattr(c, key, "") for key in ("title", "licence", "citation")}}
                 for c in data.corpora},
        "command": f"langnghe train {task_name} --backend transformers --base {_shown(base_dir)} --out {_shown(out_dir)}",
    }


def _card(task: Any, meta: dict[str, Any], metrics: dict[str, Any]) -> str:
    from nlp.model_card import task_card

    versions = ", ".join(f"{name} {version}" for name, version in meta["versions"].items())
    return task_card(task, meta, metrics) + f"""
## Transformer
- Fine-tuned from `{meta['base']['path']}` (`{meta['base']['model_id']}`{'; ' + meta['base']['note'] if meta['base']['note'] else ''})
  with a new classification head: {meta['model_type']}, {meta['parameters']:,} parameters, {meta['train_steps']} steps
  on CPU; {versions}.
- Text normalised (`nlp/normalize.py`){', then segmented into pyvi words joined by `_`' if meta['segmented'] else ''};
  at most {meta['max_length']} tokens per text (longer texts are truncated).
- Served with runtime `{meta['runtime']}` (`torch` float32, or `int8` dynamic quantisation; set `runtime` in meta.json).
"""


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
