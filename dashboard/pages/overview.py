"""Tổng quan: how much is being said, how it feels, about what, where, from which sources —
and what spiked; then the newest documents, searchable."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import streamlit as st

from dashboard import auth, charts, data
from dashboard.i18n import language, t
from dashboard.labels import INTERVAL_LABELS, SENTIMENT_LABELS
from dashboard.results import local_time, md_escape, render_hits, visible_hits

PAGE_SIZE = 10
DEMO_BANNER = ("**Dữ liệu minh hoạ (demo).** Các trang ở đây được ghi sẵn và phát lại trên máy, "
               "không phải dữ liệu trực tiếp từ báo chí và mạng xã hội. "
               "Đặt `LANGNGHE_PROFILE=live` để thu thập dữ liệu thật.")
SEARCH_PLACEHOLDER = "Ví dụ: ngập, kẹt xe, rác — gõ có dấu hay không dấu đều được"
FILTERS = {"all": "Tất cả", **{k: v for k, v in SENTIMENT_LABELS.items() if k != "unknown"}}


def render() -> None:
    user = auth.require_page("overview")
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
    _breakdowns(target, query)
    _places(target, query)
    _spikes()
    _results(target, query, user)


def _header() -> None:
    title, button = st.columns([6, 1], vertical_alignment="bottom")
    title.title(t("overview.title"), anchor=False)
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


def _breakdowns(target: data.Target, query: str | None) -> None:
    f = data.PostFilter(query=query)
    left, middle, right = st.columns([2, 2, 1.4], gap="large")
    with left:
        st.subheader(t("overview.sentiment_time"), anchor=False)
        frame = data.over_time(target, "enrichment.sentiment", f)
        if frame.empty:
            st.caption(t("common.none"))
        else:
            st.altair_chart(charts.sentiment_over_time_chart(frame), width="stretch")
    with middle:
        st.subheader(t("overview.topics_time"), anchor=False)
        frame = data.over_time(target, "enrichment.topic", f)
        frame = frame[frame["key"] != "unknown"]
        if frame.empty:
            st.caption(t("common.none"))
        else:
            column = 1 if language() == "en" else 0
            names = {k: v[column] for k, v in data.topic_names().items()}
            st.altair_chart(charts.topics_over_time_chart(frame, names), width="stretch")
    with right:
        st.subheader(t("overview.sources"), anchor=False)
        by_source = data.breakdown(target, "source", f)
        if by_source:
            st.altair_chart(charts.share_chart(by_source), width="stretch")
        else:
            st.caption(t("common.none"))


def _places(target: data.Target, query: str | None) -> None:
    wards = data.wards_count(target, data.PostFilter(query=query))
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader(t("overview.map"), anchor=False)
        every = pd.DataFrame([(code, *rest) for code, rest in data.ward_names().items()],
                             columns=["ward_code", "name", "lat", "lon"])
        st.altair_chart(charts.ward_map_chart(wards, every), width="stretch")
    with right:
        st.subheader(t("overview.top_wards"), anchor=False)
        if wards.empty:
            st.caption(t("overview.no_wards"))
        else:
            st.altair_chart(charts.top_wards_chart(wards), width="stretch")


def _spikes() -> None:
    st.subheader(t("overview.spikes"), anchor=False)
    until = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    events = data.alerts_fired(data.where(), until - timedelta(days=7), until)
    if not events:
        st.caption(t("overview.no_spikes"))
        return
    rows = [{"rule": e.rule_name, "window": local_time(e.window_end.isoformat()), "count": e.count,
             "baseline": round(e.baseline, 1), "reason": e.reason, "link": e.link} for e in events]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                 column_config={"link": st.column_config.LinkColumn(display_text="↗")})


def _results(target: data.Target, query: str | None, user) -> None:
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
    render_hits(visible_hits(result.hits, user))
    pages = -(-result.total // PAGE_SIZE)
    if pages > 1:
        st.pagination(pages, key=page_key)


def number(n: int) -> str:
    """Vietnamese thousands separator: 12.345."""
    return f"{n:,}".replace(",", ".")


if __name__ == "__main__":
    render()
