"""`langnghe classify | evaluate | train` and `langnghe bench nlp`: the NLP stage's commands."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from core.settings import Settings


def register(sub, bench) -> None:
    classify = sub.add_parser("classify", help="add sentiment predictions to a JSON-lines file")
    classify.add_argument("--in", dest="inp", type=Path, required=True)
    classify.add_argument("--out", type=Path, required=True)
    classify.add_argument("--model", type=Path, help="model folder (default: settings)")
    classify.set_defaults(func=_classify)

    evaluate = sub.add_parser("evaluate", help="score a model on a labelled JSON-lines file")
    evaluate.add_argument("--task", choices=["sentiment"], required=True)
    evaluate.add_argument("--data", type=Path, required=True)
    evaluate.add_argument("--model", type=Path, help="model folder (default: settings)")
    evaluate.set_defaults(func=_evaluate)

    train = sub.add_parser("train", help="train a model from the shipped datasets")
    train.add_argument("task", choices=["sentiment"])
    train.add_argument("--out", type=Path, help="model folder (default: settings)")
    train.set_defaults(func=_train)


def _classify(args, settings: Settings) -> int:
    from nlp.classify.registry import load_classifier
    from nlp.predict_file import classify_file

    counted = classify_file(args.inp, args.out, load_classifier(args.model or settings.sentiment_model))
    print(f"{counted} lines classified → {args.out}", file=sys.stderr)
    return 0


def _evaluate(args, settings: Settings) -> int:
    from nlp.classify.registry import load_classifier
    from nlp.evaluate import evaluate, read_labelled_jsonl

    classifier = load_classifier(args.model or settings.sentiment_model)
    texts, labels = read_labelled_jsonl(args.data, classifier.labels)
    print(json.dumps(evaluate(classifier, texts, labels), ensure_ascii=False))
    return 0


def _train(args, settings: Settings) -> int:
    from nlp.train import train_sentiment

    metrics = train_sentiment(args.out or settings.sentiment_model)
    print(json.dumps(metrics, ensure_ascii=False, indent=2))
    return 0
