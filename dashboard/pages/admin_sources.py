"""Nguồn dữ liệu: the newest run report of each source (``<prefix>-source-runs``): items,
new, duplicates, invalid, errors, last success — and which sources are not configured."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.settings import get_settings
from dashboard import auth, data
from dashboard.i18n import t
from dashboard.results import local_time

STATUS_ICONS = {"ok": "🟢", "partial": "🟠", "not_configured": "⚪", "failed": "🔴"}


def render() -> None:
    auth.require_page("admin_sources")
    st.title(t("admin.sources.title"), anchor=False)
    st.caption(t("common.times"))
    runs = data.source_runs(data.where())
    if not runs:
        st.info(t("admin.sources.none", index=get_settings().index_alias("source-runs")))
        return
    rows = []
    for name, run in sorted(runs.items()):
        rows.append({"source": name, "status": f"{STATUS_ICONS.get(run.status.value, '')} {run.status.value}",
                     "platform": run.platform or "", "last run": local_time(run.interval_end.isoformat()),
                     "items": run.items, "new": run.new, "duplicates": run.duplicates, "invalid": run.invalid,
                     "index failed": run.index_failed, "errors": run.errors,
                     "last success": local_time(run.last_success_at.isoformat()) if run.last_success_at else "—",
                     "note": run.not_configured_reason or run.message or ""})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


if __name__ == "__main__":
    render()
