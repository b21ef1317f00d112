from pathlib import Path

import pytest

from core.errors import InvalidInput
from notify.monthly import Month, write_pdf, write_xlsx

ROWS = [
    {"unit": "so-xay-dung", "unit_name": "Sở Xây dựng", "received": 12, "resolved": 10, "resolved_on_time": 8,
     "on_time_pct": 80.0, "overdue": 1, "in_progress": 2},
    {"unit": "", "unit_name": "Tổng cộng", "received": 12, "resolved": 10, "resolved_on_time": 8,
     "on_time_pct": 80.0, "overdue": 1, "in_progress": 2},
]


def test_month_bounds_are_local_and_wrap_the_year():
    december = Month.parse("2026-12")
    assert december.start.isoformat() == "2026-12-01T00:00:00+07:00"
    assert december.end.isoformat() == "2027-01-01T00:00:00+07:00"
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        Month.parse("11/2026")


def test_xlsx_has_the_1022_columns_and_rows(tmp_path: Path):
    from openpyxl import load_workbook

    sheet = load_workbook(write_xlsx(ROWS, Month(2026, 11), tmp_path / "r.xlsx")).active
    assert "tháng 11/2026" in sheet["A1"].value
    assert [c.value for c in sheet[4]] == ["Đơn vị", "Tiếp nhận", "Đã giải quyết", "Đúng hạn", "Tỉ lệ đúng hạn (%)",
                                           "Quá hạn", "Đang xử lý"]
    assert [c.value for c in sheet[6]] == ["Sở Xây dựng", 12, 10, 8, 80.0, 1, 2]
    assert sheet[7][0].value == "Tổng cộng"


def test_pdf_renders_vietnamese(tmp_path: Path):
    from pypdf import PdfReader

    text = PdfReader(write_pdf(ROWS, Month(2026, 11), tmp_path / "r.pdf")).pages[0].extract_text()
    assert "Báo cáo tình hình tiếp nhận" in text and "Sở Xây dựng" in text and "Tỉ lệ đúng hạn" in text
