"""Lắng Nghe dashboard. Run with ``streamlit run dashboard/app.py``.

Streamlit runs this file as a script with ``dashboard/`` on ``sys.path``, so the
repository root is added first: pages import ``dashboard.*``, ``store.*`` and ``core.*``.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.errors import error_boundary  # noqa: E402
from dashboard.pages import overview  # noqa: E402


def run() -> None:
    st.set_page_config(page_title="Lắng Nghe", page_icon=":material/hearing:", layout="wide")
    page = st.navigation([
        st.Page(overview.render, title="Tổng quan", icon=":material/dashboard:", url_path="tong-quan",
                default=True),
    ])
    with error_boundary():
        page.run()


if __name__ == "__main__":
    run()
