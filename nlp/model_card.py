"""MODEL_CARD.md for a trained model folder, written from its meta.json and metrics.json.

One generic card for every task: what it predicts, the data (files, counts, licence and citation
of each corpus), the dev metrics, the date and the command that rebuilt it. How the data was made
comes from the task module's ``CARD_NOTE``; setup choices and limitations from its optional
``CHOICES`` and ``LIMITATIONS``. ``python -m nlp.model_card models/<folder>`` rewrites a card.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

DEFAULT_LIMITATIONS = """\
- Dev figures only: the official test splits are held back and measured independently.
- **Domain shift.** The corpora are not about city services; expect lower accuracy on citizen
  complaints, news comments and forum threads. Re-measure on labelled Lắng Nghe data.
- **Licences.** The model inherits the most restrictive licence of its training data (above)."""


def _row(name: str, m: dict[str, Any]) -> str:
    return f"| {name} | {m['n']} | {m['accuracy']:.4f} | {m['macro_f1']:.4f} | {m['weighted_f1']:.4f} |"


def metrics_table(metrics: dict[str, Any]) -> str:
    lines = ["| dev set | n | accuracy | macro-F1 | weighted-F1 |", "|---|---|---|---|---|"]
    lines += [_row(name, m) for name, m in metrics["per_dataset"].items()]
    lines.append(_row("**all (mixed)**", metrics["overall"]))
    return "\n".join(lines)


def per_class_table(metrics: dict[str, Any]) -> str:
    lines = ["| dev set | label | precision | recall | F1 | support |", "|---|---|---|---|---|---|"]
    for name, m in [*metrics["per_dataset"].items(), ("all", metrics["overall"])]:
        for label, c in m["per_class"].items():
            lines.append(f"| {name} | {label} | {c['precision']:.4f} | {c['recall']:.4f} | {c['f1']:.4f} | {c['support']} |")
    return "\n".join(lines)


def _counts(counts: dict[str, int]) -> str:
    return f"{sum(counts.values())} (" + ", ".join(f"{label} {n}" for label, n in counts.items()) + ")"


def _data_section(meta: dict[str, Any]) -> str:
    blocks = []
    for name, used in meta["data"].items():
        files = "; ".join(f"`{path}` sha256 `{digest[:16]}…`" for path, digest in used["files"].items())
        dev = _counts(used["dev"]) if used.get("dev") else "none"
        blocks.append(
            f"### {used.get('title') or name} (`{name}`)\n"
            f"- Used: train {_counts(used['train'])}; dev {dev} — {used['note']}.\n"
            f"- Files: {files}.\n- Licence: {used.get('licence') or 'not recorded'}.\n"
            f"- Citation: {used.get('citation') or 'not recorded'}\n")
    return "\n".join(blocks)


def _extra_metrics(metrics: dict[str, Any]) -> str:
    extra = metrics.get("extra") or {}
    if not extra:
        return ""
    lines = ["", "Further dev measurements:", "", "| measurement | n | accuracy | macro-F1 | weighted-F1 |", "|---|---|---|---|---|"]
    lines += [_row(name, m) for name, m in extra.items()]
    return "\n".join(lines) + "\n"


def _refit(meta: dict[str, Any]) -> str:
    if not meta.get("refit_on_dev"):
        return ""
    return "\n- The dev figures below are from the fit on train only; the saved model was then refitted on train + dev."


def task_card(task: ModuleType, meta: dict[str, Any], metrics: dict[str, Any]) -> str:
    options = ", ".join(f"{key}={value}" for key, value in meta["options"].items()) or "defaults"
    setting = f"{task.NAME}_model"
    choices = getattr(task, "CHOICES", "")
    return f"""# {meta['model_id']}

Task `{task.NAME}`: labels {', '.join(f'`{label}`' for label in meta['labels'])}, for Vietnamese text;
served by the Lắng Nghe enrichment step (`nlp/enrich.py`, setting `{setting}`).

- Trained: {meta['trained']} in {meta['train_seconds']} s; backend `{meta['backend']}` ({options}).
  Artifact `{meta.get('artifact', '?')}` ({meta.get('artifact_mb', '?')} MB, git-ignored; rebuilt by `make models`).{_refit(meta)}
- Made by (from the repository root):

      {meta['command']}

## How the data was made
{task.CARD_NOTE}

## Data
{_data_section(meta)}
## Dev metrics

{metrics_table(metrics)}
{_extra_metrics(metrics)}
Per class:

{per_class_table(metrics)}
{f"{chr(10)}## How the setup was chosen{chr(10)}{choices}{chr(10)}" if choices else ""}
## Limitations
{getattr(task, 'LIMITATIONS', DEFAULT_LIMITATIONS)}
"""


def rewrite_card(folder: Path) -> Path:
    """Write ``folder``/MODEL_CARD.md again from its meta.json and metrics.json (after editing a
    task's CARD_NOTE, CHOICES or LIMITATIONS, no retraining needed)."""
    from nlp.tasks import get_task

    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    card = folder / "MODEL_CARD.md"
    card.write_text(task_card(get_task(meta["task"]), meta, metrics), encoding="utf-8")
    return card


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        print(rewrite_card(Path(argument)), file=sys.stderr)
