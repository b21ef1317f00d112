import json

import pytest

from core.errors import InvalidInput
from nlp.predict_file import classify_file


def test_rows_come_back_with_predictions(tiny_classifier, tmp_path):
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    inp.write_text('{"text": "thầy dạy hay", "id": 1}\n\n{"text": "pin tệ", "id": 2}\n{"text": "", "id": 3}\n',
                   encoding="utf-8")
    assert classify_file(inp, out, tiny_classifier, batch_size=2) == 3
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [1, 2, 3]
    assert all(r["sentiment"] in tiny_classifier.labels and r["model_id"] == tiny_classifier.model_id for r in rows)
    assert rows[0]["sentiment_score"] == max(rows[0]["sentiment_scores"].values())


def test_a_bad_line_names_its_number_and_leaves_no_output(tiny_classifier, tmp_path):
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    inp.write_text('{"text": "ổn"}\n{"title": "no text"}\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"in\.jsonl:2:"):
        classify_file(inp, out, tiny_classifier)
    assert list(tmp_path.iterdir()) == [inp]
