"""Hàng đợi xử lý: open cases by priority, then due date, with the at-risk and overdue flags,
filters, bulk assignment and bulk workflow moves. A unit handler sees only their unit's cases
(the policy filters are part of every read)."""
from __future__ import annotations

from datetime import datetime, time

import pandas as pd
import streamlit as st

from core.case_schema import OPEN_STATUSES, CaseStatus
from core.settings import get_settings
from dashboard import auth, data
from dashboard import officer_data as od
from dashboard.errors import error_boundary
from dashboard.officer_widgets import clock_text, lang_index, legal_label, ot, status_label, urgency_label, when
from store.cases import CasePage, QueueFilter
from triage.deadlines import TZ, Clock, clock_state
from triage.policy import Role, User

PAGE_SIZE = 50
URGENCY_WINDOW = 500
BULK_MOVES = (CaseStatus.in_progress, CaseStatus.resolved, CaseStatus.closed)


def render() -> None:
    user = auth.require_page("queue")
    st.title(ot("queue.title"), anchor=False)
    st.caption(f"{ot('queue.caption')} {ot('common.times')}")
    _last_results()
    f, urgency = _filters(user)
    page_no = int(st.session_state.get("q_page", 1))
    if urgency is None:
        page = od.queue(data.where(), user, f, page_no, PAGE_SIZE)
        cases = page.cases
    else:  # QueueFilter has no urgency: filter the most urgent URGENCY_WINDOW cases here
        page = od.queue(data.where(), user, f, 1, URGENCY_WINDOW)
        cases = [c for c in page.cases if c.urgency == urgency][:PAGE_SIZE]
        page = CasePage(len(cases), cases)
        st.caption(ot("queue.urgency_window", n=URGENCY_WINDOW))
    at = od.now()
    clocks = {c.id: clock_state(get_settings(), c, at) for c in cases}
    st.markdown(f"**{ot('queue.total', n=page.total)}** · " + ot(
        "queue.flags", overdue=sum(c.state == Clock.overdue for c in clocks.values()),
        at_risk=sum(c.state == Clock.at_risk for c in clocks.values())))
    if not cases:
        st.info(ot("queue.none"))
        return
    st.dataframe(_table(cases, clocks), hide_index=True, width="stretch", column_config={
        ot("col.link"): st.column_config.LinkColumn(ot("col.link"), display_text=r"case\?id=(.*)"),
        ot("col.priority"): st.column_config.ProgressColumn(ot("col.priority"), min_value=0, max_value=100,
                                                            format="%d")})
    _open_one(cases)
    pages = -(-page.total // PAGE_SIZE)
    if pages > 1:
        st.number_input(ot("queue.page"), min_value=1, max_value=pages, key="q_page")
    if user.role != Role.admin:
        _bulk(user, [c.id for c in cases])


def _filters(user: User) -> tuple[QueueFilter, str | None]:
    lang = lang_index()
    topics, wards = data.topic_names(), data.ward_names()
    units = od.unit_names()
    row1 = st.columns([3, 2, 2, 2])
    text = row1[0].text_input(ot("queue.text"), key="q_text").strip() or None
    statuses = row1[1].multiselect(ot("queue.status"), list(CaseStatus), default=list(OPEN_STATUSES),
                                   format_func=status_label, key="q_status")
    topic = row1[2].selectbox(ot("queue.topic"), [None, *topics], key="q_topic",
                              format_func=lambda k: ot("common.all") if k is None else topics[k][lang])
    legal = row1[3].selectbox(ot("queue.legal"), [None, "phan_anh", "kien_nghi", "khieu_nai", "to_cao"], key="q_legal",
                              format_func=lambda k: ot("common.all") if k is None else legal_label(k))
    row2 = st.columns([3, 2, 2, 2])
    unit = None
    if user.role != Role.unit_handler:
        unit = row2[0].selectbox(ot("queue.unit"), [None, *units], key="q_unit",
                                 format_func=lambda k: ot("common.all") if k is None else units[k])
    ward = row2[1].selectbox(ot("queue.ward"), [None, *wards], key="q_ward",
                             format_func=lambda c: ot("common.all") if c is None else wards[c][0])
    urgency = row2[2].selectbox(ot("queue.urgency"), [None, "high", "medium", "low"], key="q_urgency",
                                format_func=lambda k: ot("common.all") if k is None else urgency_label(k))
    due = row2[3].date_input(ot("queue.due_before"), value=None, key="q_due", format="DD/MM/YYYY")
    overdue = st.toggle(ot("queue.overdue_only"), key="q_overdue")
    due_before = od.now() if overdue else (datetime.combine(due, time(), TZ) if due else None)
    return QueueFilter(statuses=tuple(statuses) or OPEN_STATUSES, topic=topic, unit=unit, ward_code=ward,
                       legal_type=legal, due_before=due_before, text=text), urgency


def _table(cases, clocks) -> pd.DataFrame:
    return pd.DataFrame([{
        ot("col.id"): c.id, ot("col.priority"): c.priority, ot("col.clock"): clock_text(clocks[c.id]),
        ot("col.due"): when(c.due_at), ot("col.status"): status_label(c.status), ot("col.title"): c.title,
        ot("col.unit"): od.unit_name(c.unit), ot("col.ward"): (c.place.ward if c.place and c.place.ward else "—"),
        ot("col.assignee"): c.assignee or "—", ot("col.link"): f"case?id={c.id}"} for c in cases])


def _open_one(cases) -> None:
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(ot("queue.open"), [c.id for c in cases], key="q_open",
                            format_func=lambda i: f"{i} · {next(c.title for c in cases if c.id == i)[:80]}")
    with right:
        st.page_link("pages/case.py", label=ot("queue.open"), icon=":material/folder_open:",
                     query_params={"id": chosen})


def _bulk(user: User, ids: list[str]) -> None:
    with st.expander(ot("queue.bulk"), icon=":material/checklist:"):
        selected = st.multiselect(ot("queue.select"), ids, key="q_selected")
        left, right = st.columns(2)
        people = od.assignees()
        assignee = left.selectbox(ot("queue.assignee"), people, key="q_assignee",
                                  index=people.index(user.name) if user.name in people else 0)
        if left.button(ot("queue.assign"), key="q_assign", disabled=not selected, icon=":material/person_add:"):
            _report(od.bulk_assign(user, selected, assignee))
        target = right.selectbox(ot("queue.move_to"), BULK_MOVES, format_func=status_label, key="q_move_to")
        if right.button(ot("queue.move"), key="q_move", disabled=not selected, icon=":material/swap_horiz:"):
            _report(od.bulk_transition(user, selected, target))


def _report(results: dict[str, str]) -> None:
    """Keep the outcome and re-run, so the table shows the cases as they are now."""
    st.session_state["q_result"] = results
    st.session_state.pop("q_selected", None)
    st.rerun()


def _last_results() -> None:
    results: dict[str, str] = st.session_state.pop("q_result", None) or {}
    done = sum(1 for r in results.values() if r == "ok")
    if done:
        st.success(ot("queue.result_ok", n=done))
    for case_id, why in results.items():
        if why != "ok":
            st.warning(ot("queue.result_failed", id=case_id, why=why))


if __name__ == "__main__":
    with error_boundary():
        render()
