"""Classifying a JSON-lines file (``langnghe classify --in … --out …``).

Each input line is an object with a ``text``; it is written back unchanged plus ``<field>``,
``<field>_score``, ``<field>_scores`` and ``model_id``, where ``field`` is the task name
(``sentiment`` by default). Lines stream through in batches, so
a file of any size fits in memory; the output appears only once every line has been read.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from core.errors import InvalidInput
from nlp.classify.base import Classifier

BATCH_SIZE = 256


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InvalidInput(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise InvalidInput(f"{path}:{number}: expected a JSON object with a string 'text'")
            yield row


def classify_file(inp: Path, out: Path, classifier: Classifier, batch_size: int = BATCH_SIZE, field: str = "sentiment") -> int:
    """Write ``inp``'s rows with predictions to ``out``; return how many were classified."""
    rows, counted = _rows(Path(inp)), 0
    part = Path(out).with_name(Path(out).name + ".part")
    try:
        with part.open("w", encoding="utf-8") as handle:
            while batch := list(islice(rows, batch_size)):
                for row, prediction in zip(batch, classifier.predict([r["text"] for r in batch]), strict=True):
                    row |= {field: prediction.label, f"{field}_score": prediction.score,
                            f"{field}_scores": prediction.scores, "model_id": classifier.model_id}
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                counted += len(batch)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    part.replace(out)
    return counted
