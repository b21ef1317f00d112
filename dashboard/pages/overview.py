"""Tổng quan: how much is being said, how it feels, and what exactly — searchable."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, data
from dashboard.labels import INTERVAL_LABELS, SENTIMENT_LABELS
from dashboard.results import md_escape, render_hits

PAGE_SIZE = 10
DEMO_BANNER = ("**Dữ liệu minh hoạ (demo).** Các trang ở đây được ghi sẵn và phát lại trên máy, "
               "không phải dữ liệu trực tiếp từ báo chí và mạng xã hội. "
               "Đặt `LANGNGHE_PROFILE=live` để thu thập dữ liệu thật.")
SEARCH_PLACEHOLDER = "Ví dụ: ngập, kẹt xe, rác — gõ có dấu hay không dấu đều được"
FILTERS = {"all": "Tất cả", **{k: v for k, v in SENTIMENT_LABELS.items() if k != "unknown"}}


def render() -> None:
    target = data.target()
    _header()
    overall = data.totals(target)
    if overall.documents == 0:
        _empty(target)
        return
    if data.has_demo(target):
        st.info(DEMO_BANNER, icon=":material/science:")
    query = (st.text_input("Tìm kiếm", key="query", placeholder=SEARCH_PLACEHOLDER,
                           icon=":material/search:") or "").strip() or None
    totals = data.totals(target, query) if query else overall
    _kpis(totals, query)
    left, right = st.columns([3, 2], gap="large")
    with left:
        _volume(target, query)
    with right:
        _sentiment(totals)
    _results(target, query)


def _header() -> None:
    title, button = st.columns([6, 1], vertical_alignment="bottom")
    title.title("Lắng Nghe · Tổng quan", anchor=False)
    title.caption("Ý kiến công khai về TP. Hồ Chí Minh trên báo chí và mạng xã hội, đã phân loại sắc thái. "
                  "Thời gian theo giờ Việt Nam (UTC+7).")
    if button.button("Làm mới", icon=":material/refresh:", width="stretch"):
        data.refresh()


def _empty(target: data.Target) -> None:
    st.info(f"**Chưa có dữ liệu.** Chỉ mục `{target.alias}` trên {target.endpoint} đang trống.\n\n"
            "Chạy `langnghe pipeline run` để thu thập, phân loại và lập chỉ mục bài viết "
            "(mặc định là dữ liệu demo ghi sẵn), rồi bấm **Làm mới**.", icon=":material/inbox:")


def _kpis(totals: data.Totals, query: str | None) -> None:
    if query:
        st.caption(f"Số liệu cho tìm kiếm «{md_escape(query)}»")
    share = totals.negative_share
    metrics = [("Tài liệu", number(totals.documents), "Bài báo, bình luận và bài đăng"),
               ("Bài báo", number(totals.by_kind.get("article", 0)), None),
               ("Bình luận", number(totals.by_kind.get("comment", 0)), None)]
    if totals.by_kind.get("post"):
        metrics.append(("Bài đăng", number(totals.by_kind["post"]), "Bài đăng trên mạng xã hội"))
    metrics.append(("Tỷ lệ tiêu cực", "—" if share is None else f"{share:.0%}",
                    "Phần tiêu cực trong số tài liệu đã phân loại sắc thái"))
    for column, (label, value, help_) in zip(st.columns(len(metrics)), metrics, strict=True):
        column.metric(label, value, help=help_, border=True)


def _volume(target: data.Target, query: str | None) -> None:
    st.subheader("Số lượng theo thời gian", anchor=False)
    interval = st.segmented_control("Khoảng thời gian", list(INTERVAL_LABELS), default="day", required=True,
                                    format_func=INTERVAL_LABELS.__getitem__, key="interval",
                                    label_visibility="collapsed") or "day"
    frame = data.volume(target, interval, query)
    if frame.empty:
        st.caption("Không có tài liệu nào có thời gian đăng.")
        return
    st.altair_chart(charts.volume_chart(frame, interval), width="stretch")


def _sentiment(totals: data.Totals) -> None:
    st.subheader("Sắc thái", anchor=False)
    st.altair_chart(charts.sentiment_chart(data.sentiment_frame(totals.by_sentiment)), width="stretch")


def _results(target: data.Target, query: str | None) -> None:
    st.subheader(f"Kết quả cho «{md_escape(query)}»" if query else "Mới nhất", anchor=False)
    chosen = st.segmented_control("Sắc thái", list(FILTERS), default="all", required=True,
                                  format_func=FILTERS.__getitem__, key="sentiment") or "all"
    sentiment = None if chosen == "all" else chosen
    page_key = f"page:{query}:{sentiment}"
    page = int(st.session_state.get(page_key, 1))
    result = data.search(target, query, sentiment, page, PAGE_SIZE)
    st.markdown(f"**{number(result.total)} kết quả**")
    if not result.hits:
        st.caption("Không tìm thấy tài liệu nào. Thử từ khoá khác hoặc bỏ bộ lọc sắc thái.")
        return
    render_hits(result.hits)
    pages = -(-result.total // PAGE_SIZE)
    if pages > 1:
        st.pagination(pages, key=page_key)


def number(n: int) -> str:
    """Vietnamese thousands separator: 12.345."""
    return f"{n:,}".replace(",", ".")
