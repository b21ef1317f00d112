"""Hotline imports: the shipped sample (CSV and the same rows as XLSX), idempotent re-imports,
the all-or-nothing rule with its per-row report, and the command line."""
from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

import pytest

from core.errors import InvalidInput
from intake.hotline_import import import_file
from store.client import make_client
from tests.helpers import ROOT, langnghe, settings_env

pytestmark = pytest.mark.integration

SAMPLE = ROOT / "data" / "hotline" / "hotline_1022_sample.csv"


def _rows() -> list[list[str]]:
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _stored(settings) -> dict[str, dict]:
    es = make_client(settings)
    alias = settings.index_alias("requests")
    if not es.indices.exists_alias(name=alias):
        return {}
    es.indices.refresh(index=alias)
    hits = es.search(index=alias, size=1000)["hits"]["hits"]
    return {hit["_id"]: hit["_source"] for hit in hits}


def test_sample_imports_and_a_second_import_changes_nothing(intake_settings):
    first = import_file(SAMPLE, intake_settings)
    assert (first.rows, first.valid, first.invalid, first.created) == (24, 24, 0, 24)
    stored = _stored(intake_settings)
    record = stored["1022-HCM-2611-01000"]
    assert record["channel"] == "hotline_1022" and record["service_code"] == "giao_thong" and record["status"] == "closed"
    assert record["requested_datetime"] == "2026-11-03T07:00:00+07:00"
    assert record["address"] == "Ngã tư Điện Biên Phủ – Đinh Tiên Hoàng, Phường Tân Định"
    assert record["personal"]["last_name"] == "Nguyễn" and record["personal"]["first_name"] == "Văn An"
    assert record["text"].startswith("Đèn tín hiệu giao thông") and record["raw"]["Kênh tiếp nhận"] == "Điện thoại"
    assert stored["1022-HCM-2611-01001"]["lat"] == 10.7879 and stored["1022-HCM-2611-01001"]["status"] == "open"
    second = import_file(SAMPLE, intake_settings)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 24)
    assert _stored(intake_settings) == stored


def test_the_same_rows_as_xlsx_are_the_same_requests(intake_settings, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    header, *rows = _rows()
    sheet.append(header)
    for row in rows:  # as a spreadsheet holds them: date cells, number cells, the phone as text
        cells: list = [float(v) if i in (14, 15) and v else v for i, v in enumerate(row)]
        cells[1] = datetime.strptime(row[1], "%d/%m/%Y %H:%M")
        sheet.append(cells)
    book.save(tmp_path / "hotline_1022_sample.xlsx")
    import_file(SAMPLE, intake_settings)
    again = import_file(tmp_path / "hotline_1022_sample.xlsx", intake_settings)
    assert again.rows == 24 and again.created == 0, "ids come from the records, not the file"
    assert len(_stored(intake_settings)) == 24


def test_one_bad_row_means_nothing_is_imported_and_a_report(intake_settings, tmp_path):
    rows = _rows()
    rows[3][1] = "31/02/2026 25:00"       # row 4: impossible time
    rows[7][3] = "Thiên văn"              # row 8: unknown service
    rows[9][8] = "gọi tôi"                # row 10: bad phone
    rows[12][0] = rows[2][0]              # row 13: duplicate id of row 3
    rows[15][4] = ""                      # row 16: no description
    export = _write_csv(tmp_path / "export.csv", rows)
    with pytest.raises(InvalidInput, match="nothing was imported"):
        import_file(export, intake_settings)
    assert _stored(intake_settings) == {}, "all or nothing"
    with (tmp_path / "export.import-errors.csv").open(encoding="utf-8-sig") as handle:
        report = list(csv.DictReader(handle))
    assert [(r["row"], r["column"]) for r in report] == [
        ("4", "Thời gian tiếp nhận"), ("8", "Lĩnh vực"), ("10", "Số điện thoại"), ("13", "Mã phản ánh"),
        ("16", "Nội dung phản ánh")]
    assert all(" / " in r["message"] for r in report)


def test_skip_invalid_imports_the_valid_rows_and_reports_the_rest(intake_settings, tmp_path):
    rows = _rows()
    rows[5][14], rows[5][15] = "10.8", ""  # lat without long
    export = _write_csv(tmp_path / "export.csv", rows)
    outcome = import_file(export, intake_settings, skip_invalid=True, report_path=tmp_path / "report.json")
    assert (outcome.valid, outcome.invalid, outcome.created) == (23, 1, 23)
    assert json.loads((tmp_path / "report.json").read_text())[0]["row"] == 6
    assert "1022-HCM-2611-01004" not in _stored(intake_settings)


def test_missing_required_column_is_reported_on_the_header(intake_settings, tmp_path):
    rows = [row[:4] + row[5:] for row in _rows()]  # no "Nội dung phản ánh"
    with pytest.raises(InvalidInput):
        import_file(_write_csv(tmp_path / "export.csv", rows), intake_settings)
    report = (tmp_path / "export.import-errors.csv").read_text(encoding="utf-8-sig")
    assert "1,Nội dung phản ánh," in report


def test_command_line_import_exits_non_zero_with_the_report(intake_settings, tmp_path):
    rows = _rows()
    rows[1][3] = ""
    export = _write_csv(tmp_path / "export.csv", rows)
    env = settings_env(intake_settings)
    failed = langnghe("intake", "import", str(export), "--report", str(tmp_path / "r.csv"), env=env)
    assert failed.returncode != 0 and "nothing was imported" in failed.stderr and (tmp_path / "r.csv").exists()
    done = langnghe("intake", "import", str(SAMPLE), "--demo", env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["created"] == 24
    assert all(doc["demo"] for doc in _stored(intake_settings).values())
