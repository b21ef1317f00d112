"""Khám phá: Boolean search (simple_query_string syntax, accent-insensitive) with filters, saved
searches per user, and a CSV export. Alert and digest links open it with ``?q=&ward=&topic=&since=&until=``."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import streamlit as st

from core.errors import LangNgheError
from dashboard import auth, data
from dashboard.errors import show_error
from dashboard.i18n import language, t
from dashboard.labels import SENTIMENT_LABELS, TIME_ZONE
from dashboard.results import csv_bytes, local_time, md_escape, render_hits, visible_hits
from store.queries import PostFilter
from triage.policy import User

PAGE_SIZE = 20
TOXICITY = ("clean", "offensive", "hate")
TOXICITY_LABELS = {"clean": ("Bình thường", "Clean"), "offensive": ("Xúc phạm", "Offensive"),
                   "hate": ("Thù ghét", "Hate")}
COMPLAINT = {"any": None, "yes": True, "no": False}
LOCAL = ZoneInfo(TIME_ZONE)
KEYS = ("ex_q", "ex_period", "ex_sources", "ex_sentiments", "ex_topics", "ex_wards", "ex_complaint", "ex_toxicity")


def render() -> None:
    user = auth.require_page("explore")
    target = data.target()
    _apply_link_params()
    st.title(t("explore.title"), anchor=False)
    st.caption(t("common.times"))
    _saved_searches(user)
    f = _filters(target)
    page_key = f"ex_page:{hash(f)}"  # a new search starts on its first page
    result = data.explore(target, f, int(st.session_state.get(page_key, 1)), PAGE_SIZE)
    head, button = st.columns([4, 1], vertical_alignment="center")
    head.markdown(f"**{t('common.results', n=_number(result.total))}**")
    if result.total:
        button.download_button(t("explore.export"), data=lambda: csv_bytes(data.export_rows(target, f), user),
                               file_name="langnghe-explore.csv", mime="text/csv", icon=":material/download:",
                               key="ex_export", on_click="ignore")
    _save_form(user, f)
    if not result.hits:
        st.caption(t("explore.empty"))
        return
    render_hits(visible_hits(result.hits, user))
    pages = -(-result.total // PAGE_SIZE)
    if pages > 1:
        st.pagination(pages, key=page_key)


def _apply_link_params() -> None:
    """Copy the link's parameters into the widgets once per distinct link."""
    params = {k: st.query_params.get(k) for k in ("q", "ward", "topic", "since", "until")}
    signature = repr(sorted(params.items()))
    if st.session_state.get("ex_link") == signature:
        return
    st.session_state["ex_link"] = signature
    if params["q"]:
        st.session_state["ex_q"] = params["q"]
    if params["ward"]:
        st.session_state["ex_wards"] = [params["ward"]]
    if params["topic"]:
        st.session_state["ex_topics"] = [params["topic"]]
    st.session_state["ex_window"] = (_parse(params["since"]), _parse(params["until"]))


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL)


def _filters(target: data.Target) -> PostFilter:
    lang = 1 if language() == "en" else 0
    query = st.text_input(t("explore.query"), key="ex_q", help=t("explore.query_help"), icon=":material/search:",
                          placeholder='ngập + ("Bình Thạnh" | "Gò Vấp") -"triều cường"')
    since, until = _period()
    columns = st.columns(4)
    sources = columns[0].multiselect(t("explore.source"), sorted(data.breakdown(target, "source", size=200)),
                                     key="ex_sources")
    sentiments = columns[1].multiselect(t("explore.sentiment"), ["negative", "neutral", "positive"],
                                        format_func=SENTIMENT_LABELS.__getitem__, key="ex_sentiments")
    topics = data.topic_names()
    chosen_topics = columns[2].multiselect(t("explore.topic"), list(topics), key="ex_topics",
                                           format_func=lambda k: topics.get(k, (k, k))[lang])
    wards = data.ward_names()
    chosen_wards = columns[3].multiselect(t("explore.ward"), list(wards), key="ex_wards",
                                          format_func=lambda c: wards.get(c, (c,))[0])
    left, right, _ = st.columns([1, 1, 2])
    complaint = left.selectbox(t("explore.complaint"), list(COMPLAINT), key="ex_complaint",
                               format_func=lambda k: t(f"explore.complaint.{k}"))
    toxicity = right.multiselect(t("explore.toxicity"), list(TOXICITY), key="ex_toxicity",
                                 format_func=lambda k: TOXICITY_LABELS[k][lang])
    return PostFilter(query=(query or "").strip() or None, since=since, until=until, sources=tuple(sources),
                      sentiments=tuple(sentiments), topics=tuple(chosen_topics), ward_codes=tuple(chosen_wards),
                      complaint=COMPLAINT[complaint or "any"], toxicity=tuple(toxicity))


def _period() -> tuple[datetime | None, datetime | None]:
    """The link's exact window (an alert's hour) until cleared, else the chosen days."""
    since, until = st.session_state.get("ex_window") or (None, None)
    if since or until:
        shown = " – ".join(local_time(m.isoformat()) or "…" for m in (since, until) if m)
        text, button = st.columns([4, 1], vertical_alignment="center")
        text.caption(f"{t('explore.period')}: {shown}")
        if button.button("✕", key="ex_clear_window"):
            st.session_state["ex_window"] = (None, None)
            st.rerun()
        return since, until
    days = st.date_input(t("explore.period"), value=(), key="ex_period", format="DD/MM/YYYY",
                         max_value=date.today() + timedelta(days=1))
    start = days[0] if len(days) > 0 else None
    end = days[1] if len(days) > 1 else start
    return (datetime.combine(start, time(), LOCAL) if start else None,
            datetime.combine(end + timedelta(days=1), time(), LOCAL) if end else None)


def _saved_searches(user: User) -> None:
    saved = data.saved_searches(data.where(), user.name)
    with st.expander(t("explore.saved") + (f" ({len(saved)})" if saved else "")):
        if not saved:
            st.caption(t("explore.saved.none"))
        for item in saved:
            name, query, open_, delete = st.columns([2, 3, 1, 1], vertical_alignment="center")
            name.markdown(f"**{md_escape(item.name)}**")
            query.caption(md_escape(item.query or "—"))
            if open_.button(t("explore.saved.load"), key=f"ex_open_{item.id}"):
                _load(item.query, item.filters)
                st.rerun()
            if delete.button(t("common.delete"), key=f"ex_del_{item.id}"):
                from store.saved_searches import delete_search

                with data.changing("saved-searches") as es:
                    delete_search(es, data.get_settings(), user.name, item.id)
                st.rerun()


def _load(query: str | None, filters: dict) -> None:
    st.session_state["ex_q"] = query or ""
    for key in ("sources", "sentiments", "topics", "wards", "toxicity"):
        st.session_state[f"ex_{key}"] = list(filters.get(key, []))
    st.session_state["ex_complaint"] = filters.get("complaint", "any")
    st.session_state["ex_window"] = (None, None)


def _save_form(user: User, f: PostFilter) -> None:
    with st.popover(t("explore.save"), icon=":material/bookmark_add:"):
        name = st.text_input(t("explore.save_name"), key="ex_save_name")
        if st.button(t("common.save"), key="ex_save", type="primary"):
            from store.saved_searches import save_search

            filters = {"sources": list(f.sources), "sentiments": list(f.sentiments), "topics": list(f.topics),
                       "wards": list(f.ward_codes), "toxicity": list(f.toxicity),
                       "complaint": next(k for k, v in COMPLAINT.items() if v == f.complaint)}
            try:
                with data.changing("saved-searches") as es:
                    save_search(es, data.get_settings(), owner=user.name, name=name, query=f.query, filters=filters,
                                now=datetime.now(UTC))
            except LangNgheError as exc:
                show_error(exc)
                return
            st.success(t("explore.saved_ok", name=md_escape(name.strip())))


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


if __name__ == "__main__":
    render()
