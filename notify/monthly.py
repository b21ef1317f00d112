"""The monthly report in the 1022 hotline's format: per responsible unit, cases received, resolved
(and on time), overdue and in progress — as XLSX (openpyxl) and PDF (fpdf2, DejaVu Sans so
Vietnamese renders anywhere). The rows come from ``store.cases.units_report``, the same query as
the dashboard's Units page.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from elasticsearch import Elasticsearch

from core.errors import InvalidInput
from core.settings import Settings

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
FONTS = Path(__file__).parent / "fonts"
COLUMNS = (
    ("unit_name", "Đơn vị", "Unit"),
    ("received", "Tiếp nhận", "Received"),
    ("resolved", "Đã giải quyết", "Resolved"),
    ("resolved_on_time", "Đúng hạn", "On time"),
    ("on_time_pct", "Tỉ lệ đúng hạn (%)", "On time (%)"),
    ("overdue", "Quá hạn", "Overdue"),
    ("in_progress", "Đang xử lý", "In progress"),
)


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        try:
            parsed = datetime.strptime(text, "%Y-%m")
        except ValueError as exc:
            raise InvalidInput(f"month {text!r} is not YYYY-MM", hint="For example: --month 2026-11") from exc
        return cls(parsed.year, parsed.month)

    @property
    def start(self) -> datetime:
        return datetime.combine(date(self.year, self.month, 1), time(), tzinfo=LOCAL)

    @property
    def end(self) -> datetime:
        year, month = (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)
        return datetime.combine(date(year, month, 1), time(), tzinfo=LOCAL)

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


def report_rows(client: Elasticsearch, settings: Settings, month: Month, unit_names: Mapping[str, str],
                now: datetime | None = None) -> list[dict]:
    """One row per unit with cases, plus a total row; ``now`` (for overdue and in progress)
    defaults to the end of the month."""
    from store.cases import units_report

    rows = [row.as_dict() | {"unit_name": unit_names.get(row.unit, row.unit)}
            for row in units_report(client, settings, start=month.start, end=month.end, now=now or month.end)]
    total = {key: sum(r[key] for r in rows) for key in ("received", "resolved", "resolved_on_time", "overdue", "in_progress")}
    total["on_time_pct"] = round(100 * total["resolved_on_time"] / total["resolved"], 1) if total["resolved"] else None
    return rows + [{"unit": "", "unit_name": "Tổng cộng", **total}]


def write_xlsx(rows: Sequence[Mapping], month: Month, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = f"1022 {month}"
    sheet.append([f"Báo cáo tình hình tiếp nhận, xử lý phản ánh, kiến nghị — tháng {month.month:02d}/{month.year}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"Monthly 1022 report — {month}"])
    sheet.append([])
    sheet.append([vi for _, vi, _ in COLUMNS])
    sheet.append([en for _, _, en in COLUMNS])
    for cell in sheet[4] + sheet[5]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F2")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        sheet.append([row.get(key) for key, _, _ in COLUMNS])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 48
    for letter in "BCDEFG":
        sheet.column_dimensions[letter].width = 16
    sheet.freeze_panes = "B6"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_pdf(rows: Sequence[Mapping], month: Month, path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"Báo cáo 1022 tháng {month}")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 8, f"Báo cáo tình hình tiếp nhận, xử lý phản ánh, kiến nghị — tháng {month.month:02d}/{month.year}")
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(0, 6, "Số liệu từ hệ thống Lắng Nghe (hồ sơ theo đơn vị chịu trách nhiệm).", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    widths = (95, 27, 27, 27, 33, 27, 27)
    from fpdf.fonts import FontFace

    with pdf.table(col_widths=widths, text_align=("LEFT",) + ("RIGHT",) * 6, line_height=6,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(220, 230, 242))) as table:
        heading = table.row()
        for _, vi, _ in COLUMNS:
            heading.cell(vi)
        for row in rows:
            line = table.row()
            for key, _, _ in COLUMNS:
                value = row.get(key)
                line.cell("—" if value is None else str(value))
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def write_monthly_report(client: Elasticsearch, settings: Settings, month: Month, out: Path,
                         unit_names: Mapping[str, str] | None = None) -> list[Path]:
    if unit_names is None:
        from core.settings import ROOT
        from triage.config import load_units

        unit_names = {u.id: u.name for u in load_units(ROOT / "config" / "units.yaml").units}
    rows = report_rows(client, settings, month, unit_names)
    stem = f"bao-cao-1022-{month}"
    return [write_xlsx(rows, month, out / f"{stem}.xlsx"), write_pdf(rows, month, out / f"{stem}.pdf")]
