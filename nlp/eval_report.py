"""`make eval`: a Markdown report of every task's dev figures next to the published test figures.

    python -m nlp.eval_report --out docs/eval.md

Dev figures come from each model folder's metrics.json (written when it was trained), or are
measured now when only the artifact is there. Published figures are the task modules' ``PUBLISHED``
lists, copied from the datasets' SOURCE.md: they are on the official **test** splits, which we
never see, so the two columns are not the same measurement — the report says so on every row.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from core.settings import Settings, get_settings
from nlp.tasks import TASKS, get_task

METRICS = ("accuracy", "macro_f1", "weighted_f1")


def _metrics(task: ModuleType, folder: Path) -> tuple[dict[str, Any] | None, str]:
    """(metrics, where they came from)."""
    metrics_file = folder / "metrics.json"
    if metrics_file.is_file():
        return json.loads(metrics_file.read_text(encoding="utf-8")), f"`{folder.name}/metrics.json`"
    if (folder / "model.joblib").is_file() or (folder / "meta.json").is_file():
        from nlp.classify.registry import load_classifier
        from nlp.train import DATA_DIR, dev_metrics

        return dev_metrics(load_classifier(folder), task.load_data(DATA_DIR)), f"measured now on `{folder.name}`"
    return None, f"model `{folder.name}` not built (`make models`)"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.2f}"


def _dev_rows(metrics: dict[str, Any]) -> list[str]:
    rows = []
    named = [*metrics["per_dataset"].items(), ("all (mixed)", metrics.get("overall"))]
    named += list((metrics.get("extra") or {}).items())
    for name, m in named:
        if m:
            rows.append(f"| {name} | dev | {m['n']} | " + " | ".join(_pct(m[k]) for k in METRICS) + " |")
    return rows


def _published_rows(task: ModuleType) -> list[str]:
    rows = []
    for p in getattr(task, "PUBLISHED", []):
        rows.append(f"| {p.dataset} | published **test**: {p.model} | — | {p.metric} = {p.value:.2f} | | | {p.citation} |")
    return rows


def _comparison(task: ModuleType, metrics: dict[str, Any] | None) -> list[str]:
    """Our dev figure on the same dataset and metric as each published one."""
    lines = []
    for p in getattr(task, "PUBLISHED", []):
        ours = (metrics or {}).get("per_dataset", {}).get(p.dataset)
        if ours is None:
            continue
        if p.metric == "f1":  # averaging not stated: show both of ours
            lines.append(f"- {p.dataset}: our dev macro-F1 {_pct(ours['macro_f1'])} / weighted-F1 {_pct(ours['weighted_f1'])} vs "
                         f"published test F1 {p.value:.2f}, averaging not stated ({p.model}) — dev vs test: indicative only")
        elif p.metric in METRICS:
            gap = 100 * ours[p.metric] - p.value
            lines.append(f"- {p.dataset}: our dev {p.metric.replace('_', '-')} {_pct(ours[p.metric])} vs published test "
                         f"{p.value:.2f} ({p.model}) — {gap:+.2f} points (dev vs test: indicative only)")
    return lines


def task_section(name: str, settings: Settings) -> str:
    try:
        task = get_task(name)
    except ModuleNotFoundError as exc:
        return f"## {name}\n\nTask module missing ({exc}).\n"
    folder = Path(getattr(settings, f"{name}_model"))
    metrics, origin = _metrics(task, folder)
    lines = [f"## {name}", "", f"Model `{folder.name}`; figures: {origin}.", ""]
    lines += ["| dataset | split / system | n | accuracy | macro-F1 | weighted-F1 | source |", "|---|---|---|---|---|---|---|"]
    lines += [row + " ours |" for row in _dev_rows(metrics)] if metrics else []
    lines += _published_rows(task)
    comparison = _comparison(task, metrics)
    if comparison:
        lines += ["", *comparison]
    if metrics and metrics.get("note"):
        lines += ["", f"Note: {metrics['note']}."]
    return "\n".join(lines) + "\n"


def report(settings: Settings, tasks: Sequence[str] = TASKS) -> str:
    head = (f"# Evaluation report\n\nWritten by `make eval` (`python -m nlp.eval_report`) on {date.today().isoformat()}.\n\n"
            "**dev** rows are our models on the dev splits (official dev where a corpus has one, else a seeded "
            "held-out part of train; see each model card). **published test** rows are results reported on the "
            "official test splits, copied from the datasets' SOURCE.md. The test splits are held back from us, so "
            "a dev figure next to a test figure is an indication, not a like-for-like comparison. Where a published "
            "F1's averaging is not stated, both our macro- and weighted-F1 are shown.\n")
    return head + "\n" + "\n".join(task_section(name, settings) for name in tasks)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.eval_report", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/eval.md"))
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report(get_settings()), encoding="utf-8")
    print(f"evaluation report → {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
