"""The dashboard's one error boundary: a ``LangNgheError`` becomes an ``st.error`` with its hint."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from core.errors import ElasticsearchUnavailable, InvalidInput, LangNgheError
from triage.policy import AccessDenied
from triage.users import AuthenticationFailed

TITLES: dict[type[LangNgheError], str] = {
    ElasticsearchUnavailable: "Không kết nối được tới kho dữ liệu (Elasticsearch).",
    AuthenticationFailed: "Đăng nhập không thành công.",
    AccessDenied: "Không có quyền truy cập.",
    InvalidInput: "Dữ liệu nhập chưa hợp lệ.",
}


@contextmanager
def error_boundary() -> Iterator[None]:
    """Wrap a page run; Streamlit's own control-flow exceptions pass through untouched."""
    try:
        yield
    except LangNgheError as exc:
        show_error(exc)


def show_error(exc: LangNgheError) -> None:
    st.error(error_markdown(exc), icon=":material/error:")


def error_markdown(exc: LangNgheError) -> str:
    title = next((t for cls, t in TITLES.items() if isinstance(exc, cls)), "Không đọc được dữ liệu.")
    lines = [f"**{title}**", exc.message]
    if exc.hint:
        lines.append(f"→ {exc.hint}")
    return "\n\n".join(lines)
