"""`langnghe classify | evaluate | train` and `langnghe bench nlp`: the NLP stage's commands."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from core.settings import Settings
from nlp.tasks import TASKS


def register(sub, bench) -> None:
    classify = sub.add_parser("classify", help="add a task's predictions to a JSON-lines file")
    classify.add_argument("--task", choices=TASKS, default="sentiment")
    classify.add_argument("--in", dest="inp", type=Path, required=True)
    classify.add_argument("--out", type=Path, required=True)
    classify.add_argument("--model", type=Path, help="model folder (default: the <task>_model setting)")
    classify.set_defaults(func=_classify)

    evaluate = sub.add_parser("evaluate", help="score a model on a labelled JSON-lines file (gold label in 'label')")
    evaluate.add_argument("--task", choices=TASKS, required=True)
    evaluate.add_argument("--data", type=Path, required=True)
    evaluate.add_argument("--model", type=Path, help="model folder (default: the <task>_model setting)")
    evaluate.set_defaults(func=_evaluate)

    train = sub.add_parser("train", help="train a task's model from the shipped datasets")
    train.add_argument("task", choices=TASKS)
    train.add_argument("--out", type=Path, help="model folder (default: the <task>_model setting)")
    train.add_argument("--backend", choices=("sklearn", "transformers"), default="sklearn")
    train.add_argument("--base", type=Path, help="checkpoint folder to fine-tune (transformers backend)")
    train.set_defaults(func=_train)

    nlp = bench.add_parser("nlp", help="enrichment throughput vs bare pyvi and the transformers backend")
    nlp.add_argument("--json", action="store_true", help="print one JSON object")
    nlp.add_argument("--n", type=int, default=3000, help="how many texts from the shipped datasets")
    nlp.set_defaults(func=_bench)


def model_folder(settings: Settings, task: str, given: Path | None) -> Path:
    return Path(given) if given else Path(getattr(settings, f"{task}_model"))


def _classify(args, settings: Settings) -> int:
    from nlp.classify.registry import load_classifier
    from nlp.predict_file import classify_file

    classifier = load_classifier(model_folder(settings, args.task, args.model))
    counted = classify_file(args.inp, args.out, classifier, field=args.task)
    print(f"{counted} lines classified → {args.out}", file=sys.stderr)
    return 0


def _evaluate(args, settings: Settings) -> int:
    from nlp.classify.registry import load_classifier
    from nlp.evaluate import evaluate, read_labelled_jsonl
    from nlp.tasks import get_task

    classifier = load_classifier(model_folder(settings, args.task, args.model))
    texts, labels = read_labelled_jsonl(args.data, get_task(args.task).LABELS)
    print(json.dumps(evaluate(classifier, texts, labels), ensure_ascii=False))
    return 0


def _train(args, settings: Settings) -> int:
    from nlp.train import train_task

    options = {"base_dir": args.base} if args.base else {}
    metrics = train_task(args.task, model_folder(settings, args.task, args.out), backend=args.backend, **options)
    print(json.dumps(metrics, ensure_ascii=False, indent=2))
    return 0


def _bench(args, settings: Settings) -> int:
    from nlp.bench import run_bench

    result = run_bench(settings, n=args.n)
    print(json.dumps(result, ensure_ascii=False) if args.json else json.dumps(result, ensure_ascii=False, indent=2))
    return 0
