"""Đơn vị: the monthly 1022-style table per responsible unit — received, resolved, resolved on
time (%), overdue and in progress — from ``store.cases.units_report`` (the query the monthly
report of ``notify.monthly`` uses), as the user may see it, with an XLSX export."""
from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import auth, data
from dashboard import officer_data as od
from dashboard.errors import error_boundary
from dashboard.officer_widgets import ot
from triage.deadlines import TZ

COLUMNS = ("received", "resolved", "resolved_on_time", "on_time_pct", "overdue", "in_progress")
HEADERS = {"unit_name": "units.col.unit", "received": "units.col.received", "resolved": "units.col.resolved",
           "resolved_on_time": "units.col.on_time", "on_time_pct": "units.col.on_time_pct",
           "overdue": "units.col.overdue", "in_progress": "units.col.in_progress"}
MONTHS_BACK = 12


def render() -> None:
    from notify.monthly import Month

    user = auth.require_page("units")
    st.title(ot("units.title"), anchor=False)
    st.caption(ot("units.caption"))
    at = od.now()
    months = _months(at)
    chosen = st.selectbox(ot("units.month"), months, key="u_month", format_func=lambda m: f"{m.month:02d}/{m.year}")
    month = Month(chosen.year, chosen.month)
    until = min(at.replace(second=0, microsecond=0), month.end)  # a minute's clock: the read is cached
    rows = unit_rows(od.units_report(data.where(), user, month.start, month.end, until))
    if len(rows) == 1:
        st.info(ot("units.none"))
        return
    frame = pd.DataFrame(rows)[list(HEADERS)].rename(columns={k: ot(v) for k, v in HEADERS.items()})
    st.dataframe(frame, hide_index=True, width="stretch", column_config={
        ot("units.col.on_time_pct"): st.column_config.NumberColumn(format="%.1f")})
    st.download_button(ot("units.export"), data=lambda: xlsx_bytes(rows, month), file_name=f"bao-cao-1022-{month}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:", key="u_export")


def _months(at: datetime):
    from notify.monthly import Month

    local = at.astimezone(TZ)
    year, month = local.year, local.month
    out = []
    for _ in range(MONTHS_BACK):
        out.append(Month(year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out


def unit_rows(report) -> list[dict]:
    """Rows with the units' names and a total row, in the shape ``notify.monthly.write_xlsx`` takes."""
    rows = [row.as_dict() | {"unit_name": od.unit_name(row.unit)} for row in report]
    total = {key: sum(r[key] for r in rows) for key in COLUMNS if key != "on_time_pct"}
    total["on_time_pct"] = round(100 * total["resolved_on_time"] / total["resolved"], 1) if total["resolved"] else None
    return rows + [{"unit": "", "unit_name": ot("units.total"), **total}]


def xlsx_bytes(rows: list[dict], month) -> bytes:
    from notify.monthly import write_xlsx

    with tempfile.TemporaryDirectory() as folder:
        return write_xlsx(rows, month, Path(folder) / "report.xlsx").read_bytes()


if __name__ == "__main__":
    with error_boundary():
        render()
