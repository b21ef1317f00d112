"""Lắng Nghe dashboard. Run with ``streamlit run dashboard/app.py`` (the project is
installed editable by ``make install``, so ``dashboard``, ``store`` and ``core`` import from anywhere).
"""
from __future__ import annotations

import streamlit as st

from dashboard.errors import error_boundary
from dashboard.pages import overview


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
