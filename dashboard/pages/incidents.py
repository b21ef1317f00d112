"""Sự việc: items about one event across channels, largest first — count, reach, first and last
seen, sentiment trend, channels and the case it became. Communications staff see posts with
pseudonymised authors and no case content (``triage.policy``)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import streamlit as st

from core.case_schema import Incident
from dashboard import auth, charts, data
from dashboard.i18n import language, t
from dashboard.results import local_time, md_escape, render_hits, visible_hits
from triage.policy import Role, User, visible_text

PAGE_SIZE = 10
MEMBERS_SHOWN = 5
PERIODS = {"7": 7, "30": 30, "all": None}
PERIOD_LABELS = {"7": ("7 ngày", "7 days"), "30": ("30 ngày", "30 days"), "all": ("Tất cả", "All")}
CHANNEL_LABELS = {"request": ("Đường dây nóng / cổng", "Hotline / portal"), "post": ("Mạng xã hội", "Social"),
                  "press": ("Báo chí", "Press"), "incident": ("Sự việc", "Incident")}


def render() -> None:
    user = auth.require_page("incidents")
    lang = 1 if language() == "en" else 0
    st.title(t("incidents.title"), anchor=False)
    st.caption(f"{t('incidents.caption')} {t('common.times')}")
    if user.role == Role.communications:
        st.caption(t("incidents.pseudonymised"))
    topics = data.topic_names()
    wards = data.ward_names()
    left, middle, right = st.columns(3)
    topic = left.selectbox(t("explore.topic"), [None, *topics], key="inc_topic",
                           format_func=lambda k: t("common.all") if k is None else topics[k][lang])
    ward = middle.selectbox(t("explore.ward"), [None, *wards], key="inc_ward",
                            format_func=lambda c: t("common.all") if c is None else wards[c][0])
    period = right.segmented_control(t("explore.period"), list(PERIODS), default="all", key="inc_period",
                                     format_func=lambda k: PERIOD_LABELS[k][lang]) or "all"
    days = PERIODS[period]
    since = datetime.now(UTC) - timedelta(days=days) if days else None
    page = int(st.session_state.get("inc_page", 1))
    result = data.incidents(data.where(), topic, ward, since, 2, page, PAGE_SIZE)
    st.markdown(f"**{t('common.results', n=result.total)}**")
    if not result.incidents:
        st.caption(t("incidents.none"))
        return
    for incident in result.incidents:
        _incident(incident, user, topics, lang)
    pages = -(-result.total // PAGE_SIZE)
    if pages > 1:
        st.pagination(pages, key="inc_page")


def _incident(incident: Incident, user: User, topics: dict[str, tuple[str, str]], lang: int) -> None:
    with st.container(border=True):
        topic = topics.get(incident.topic, (incident.topic, incident.topic))[lang]
        place = f" · {incident.ward}" if incident.ward else ""
        st.markdown(f"**{md_escape((visible_text(incident.title, user) or '')[:200])}**")
        st.caption(f"{md_escape(topic)}{md_escape(place)} · `{incident.id}`")
        channels = ", ".join(CHANNEL_LABELS.get(c.value, (c.value, c.value))[lang] for c in incident.channels)
        metrics = [(t("incidents.count"), str(incident.count)), (t("incidents.reach"), str(incident.reach)),
                   (t("incidents.case"), incident.case_id or "—")]
        for column, (label, value) in zip(st.columns([1, 1, 2]), metrics, strict=True):
            column.metric(label, value)
        st.caption(f"{t('incidents.first')}: {local_time(incident.first_seen.isoformat())} · "
                   f"{t('incidents.last')}: {local_time(incident.last_seen.isoformat())} · "
                   f"{t('incidents.channels')}: {channels or '—'}")
        trend, members = st.columns([2, 3], gap="large")
        with trend:
            st.caption(t("incidents.trend"))
            frame = trend_frame(incident)
            if frame.empty:
                st.caption("—")
            else:
                st.altair_chart(charts.sentiment_over_time_chart(frame, height=160), width="stretch")
        with members, st.expander(t("incidents.members")):
            ids = tuple(i for i in incident.member_ids if not i.startswith("request:"))[:MEMBERS_SHOWN]
            render_hits(visible_hits(data.posts_by_ids(data.target(), ids), user))


def trend_frame(incident: Incident) -> pd.DataFrame:
    """The incident's daily sentiment counts as ``time``, ``key``, ``count`` rows."""
    rows = [{"time": pd.Timestamp(p.day), "key": key, "count": getattr(p, key)}
            for p in incident.sentiment_trend for key in ("negative", "neutral", "positive") if getattr(p, key)]
    return pd.DataFrame(rows, columns=["time", "key", "count"])


if __name__ == "__main__":
    render()
