"""Hồ sơ (``/case?id=HCM-…``): header with priority factors, clock, unit and routing rule, the
timeline, linked items, reporters (only when the policy allows; the view is audited by triage),
internal notes, the reply to the citizen from templates, the legal workflow moves, assignment,
merging, rejection and label corrections kept for retraining.

The case and the version it was read at stay in the session state; every write is based on that
version, and a newer one shows "Hồ sơ đã thay đổi kể từ khi bạn mở / this case changed since you
opened it" with the newer state and a reload button."""
from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.case_schema import Case, CaseStatus
from core.errors import LangNgheError
from core.settings import get_settings
from dashboard import auth, data
from dashboard import officer_data as od
from dashboard.errors import error_boundary, show_error
from dashboard.officer_widgets import clock_badge, conflict_banner, lang_index, legal_label, ot, status_label, urgency_label, when
from dashboard.results import md_escape, render_hits, visible_hits
from store.cases import CaseConflict, CaseVersion
from triage.cases import add_note, assign, set_reply, transition
from triage.deadlines import clock_state
from triage.policy import Role, User, can_edit_case, can_see_personal_data
from triage.workflow import ALLOWED

OPEN_KEY, CONFLICT_KEY, MESSAGE_KEY, ID_KEY = "case_open", "case_conflict", "case_message", "case_open_id"
WIDGETS = "case_w_"
TYPED = {f"{WIDGETS}{name}" for name in ("note", "reply", "reject_reason", "master")}
MOVES = (CaseStatus.in_progress, CaseStatus.resolved, CaseStatus.closed, CaseStatus.reopened)


def render() -> None:
    user = auth.require_page("case")
    case_id = _case_id()
    if not case_id:
        return
    opened = _opened(user, case_id)
    case = opened.case
    if (newer := st.session_state.get(CONFLICT_KEY)) is not None and newer.id == case.id:
        conflict_banner(newer, _reload)
    if message := st.session_state.pop(MESSAGE_KEY, None):
        st.success(message, icon=":material/check_circle:")
    _header(case)
    left, right = st.columns([3, 2], gap="large")
    with left:
        _body(user, case)
    with right:
        if can_edit_case(case, user):
            _actions(user, opened)
            _notes_and_reply(user, opened)
        else:
            st.caption(ot("case.read_only"))
            _notes_and_reply(user, opened, read_only=True)
        _corrections(user, case)


def _case_id() -> str | None:
    case_id = (st.query_params.get("id") or "").strip().upper()
    if case_id:
        return case_id
    st.title(ot("case.title"), anchor=False)
    typed = st.text_input(ot("case.pick"), key="case_pick", help=ot("case.pick_help")).strip().upper()
    if typed:
        st.query_params["id"] = typed
        st.rerun()
    return None


def _opened(user: User, case_id: str) -> CaseVersion:
    opened: CaseVersion | None = st.session_state.get(OPEN_KEY)
    if opened is None or opened.case.id != case_id:
        if st.session_state.get(ID_KEY) != case_id:  # another case: its widgets start empty
            for key in [k for k in st.session_state if str(k).startswith(WIDGETS)]:
                del st.session_state[key]
            st.session_state.pop(CONFLICT_KEY, None)
            st.session_state[ID_KEY] = case_id
        opened = od.open_case(user, case_id)
        st.session_state[OPEN_KEY] = opened
    return opened


def _reload() -> None:
    """Read the case again; what the user typed (note, reply, reason) stays in its box."""
    st.session_state.pop(OPEN_KEY, None)
    st.session_state.pop(CONFLICT_KEY, None)
    for key in [k for k in st.session_state if str(k).startswith(WIDGETS) and str(k) not in TYPED]:
        del st.session_state[key]


def _write(user: User, opened: CaseVersion, operation, *args: Any, **kwargs: Any) -> None:
    """One change through the triage library; a conflict keeps the user's view and shows the newer case."""
    try:
        if operation == "merge":
            saved = od.merge_into(user, opened, *args)
        else:
            saved = od.change(user, opened, operation, *args, **kwargs)
    except CaseConflict as exc:
        st.session_state[CONFLICT_KEY] = od.shown(exc.current, user)
        st.rerun()
    except LangNgheError as exc:
        show_error(exc)
        return
    st.session_state[OPEN_KEY] = saved
    st.session_state.pop(CONFLICT_KEY, None)
    st.session_state[MESSAGE_KEY] = ot("case.saved")
    st.rerun()


# --- what the case is ------------------------------------------------------------------------------

def _header(case: Case) -> None:
    st.title(case.id, anchor=False)
    st.subheader(md_escape(case.title), anchor=False)
    clock = clock_state(get_settings(), case, od.now())
    with st.container(horizontal=True, gap="small"):
        st.badge(status_label(case.status), color="blue", icon=":material/flag:")
        clock_badge(clock)
        st.badge(legal_label(case.legal_type), color="violet")
        st.badge(urgency_label(case.urgency), color="red" if case.urgency == "high" else "gray")
    cols = st.columns(4)
    cols[0].metric(ot("case.priority"), case.priority)
    cols[1].metric(ot("case.due"), when(case.due_at))
    cols[2].metric(ot("case.assignee"), case.assignee or "—")
    cols[3].metric(ot("case.received"), when(case.received_at))
    st.markdown(f"**{ot('case.unit')}:** {md_escape(od.unit_name(case.unit))} · "
                + ot("case.rule", rule=case.routing_rule)
                + (f" · {ot('case.deadline_rule', rule=case.deadline_rule)}" if case.deadline_rule else ""))
    st.markdown(f"**{ot('case.place')}:** {_place(case)}")
    for line in _flags(case):
        st.caption(line)
    with st.expander(ot("case.factors")):
        for factor in case.priority_factors:
            st.markdown(f"- **+{factor.points}** {md_escape(factor.factor)}: {md_escape(factor.detail)}")


def _place(case: Case) -> str:
    p = case.place
    if p is None:
        return "—"
    new = " · ".join(x for x in (p.ward and f"{p.ward} ({p.ward_code})", p.street, p.alley and f"hẻm {p.alley}") if x)
    old = ", ".join(x for x in (p.old_ward, p.old_district) if x)
    return md_escape(new or p.mention) + (f" — {md_escape(ot('case.place_old', old=old))}" if old else "")


def _flags(case: Case) -> list[str]:
    lines = []
    if case.came_back_from:
        lines.append(ot("case.came_back", id=case.came_back_from))
    if case.master_id:
        lines.append(ot("case.master", id=case.master_id))
    if case.merged_ids:
        lines.append(ot("case.merged", ids=", ".join(case.merged_ids)))
    if case.reject_reason:
        lines.append(ot("case.rejected", reason=md_escape(case.reject_reason)))
    return lines


def _body(user: User, case: Case) -> None:
    st.markdown(f"#### {ot('case.description')}")
    st.markdown(md_escape(case.description))
    st.markdown(f"#### {ot('case.timeline')}")
    st.dataframe(pd.DataFrame([{
        "⏱": when(e.at), "👤": e.actor, "⚙": e.action,
        "→": f"{status_label(e.from_status) if e.from_status else ''} → {status_label(e.to_status)}"
        if e.to_status else "", "ℹ": e.detail or ""} for e in case.history]), hide_index=True, width="stretch")
    _linked(user, case)
    _reporters(user, case)


def _linked(user: User, case: Case) -> None:
    st.markdown(f"#### {ot('case.linked')}")
    if case.linked_requests:
        st.caption(ot("case.linked_requests", ids=", ".join(case.linked_requests)))
    for incident_id in case.linked_incidents:
        incident = od.incident(data.where(), incident_id)
        if incident:
            st.caption(ot("case.linked_incident", id=incident.id, count=incident.count,
                          title=md_escape(incident.title[:120])))
    if case.linked_posts:
        render_hits(visible_hits(data.posts_by_ids(data.target(), tuple(case.linked_posts[:10])), user))
    if not (case.linked_requests or case.linked_incidents or case.linked_posts):
        st.caption("—")


def _reporters(user: User, case: Case) -> None:
    if case.reporters:
        st.markdown(f"#### {ot('case.reporters')}")
        st.table(pd.DataFrame([{"name": r.name, "phone": r.phone, "email": r.email, "address": r.address,
                                "channel": r.channel.value, "item": r.item_id} for r in case.reporters]))
    elif not can_see_personal_data(case, user):
        st.info(ot("case.reporters_hidden"), icon=":material/shield_person:")


# --- what can be done to it ----------------------------------------------------------------------

def _actions(user: User, opened: CaseVersion) -> None:
    case = opened.case
    allowed = ALLOWED[case.status]
    st.markdown(f"#### {ot('case.actions')}")
    if not allowed:
        st.caption(ot("case.final"))
    moves = [s for s in MOVES if s in allowed]
    if moves:
        with st.container(horizontal=True, gap="small"):
            for status in moves:
                if st.button(ot("case.move", status=status_label(status)), key=f"{WIDGETS}move_{status.value}"):
                    _write(user, opened, transition, status)
    if CaseStatus.assigned in allowed or case.status in (CaseStatus.assigned, CaseStatus.in_progress):
        people = od.assignees()
        cols = st.columns([2, 2, 1], vertical_alignment="bottom")
        who = cols[0].selectbox(ot("case.assign_to"), people, key=f"{WIDGETS}assignee",
                                index=people.index(user.name) if user.name in people else 0)
        units = od.unit_names()
        unit = cols[1].selectbox(ot("case.assign_unit"), [None, *units], key=f"{WIDGETS}unit",
                                 format_func=lambda k: "—" if k is None else units[k])
        if cols[2].button(ot("case.assign"), key=f"{WIDGETS}assign", type="primary"):
            _write(user, opened, assign, who, unit=unit)
    if CaseStatus.rejected in allowed:
        reason = st.text_input(ot("case.reject_reason"), key=f"{WIDGETS}reject_reason")
        if st.button(ot("case.reject"), key=f"{WIDGETS}reject"):
            _write(user, opened, transition, CaseStatus.rejected, reason=reason)
    if CaseStatus.duplicate in allowed:
        master = st.text_input(ot("case.merge_into"), key=f"{WIDGETS}master", placeholder="HCM-2026-000001")
        if st.button(ot("case.merge"), key=f"{WIDGETS}merge"):
            _write(user, opened, "merge", master)


def _notes_and_reply(user: User, opened: CaseVersion, read_only: bool = False) -> None:
    case = opened.case
    st.markdown(f"#### {ot('case.notes')}")
    for note in case.notes:
        st.markdown(f"- {when(note.at)} · **{md_escape(note.author)}**: {md_escape(note.text)}")
    if not read_only:
        text = st.text_area(ot("case.note_text"), key=f"{WIDGETS}note", height=80)
        if st.button(ot("case.note_add"), key=f"{WIDGETS}note_add"):
            _write(user, opened, add_note, text)
    st.markdown(f"#### {ot('case.reply')}")
    st.caption(f"{ot('case.reply_current')}: {md_escape(case.reply) if case.reply else ot('case.no_reply')}")
    if read_only:
        return
    templates = {t["id"]: t for t in od.reply_templates()}
    st.selectbox(ot("case.reply_template"), [None, *templates], key=f"{WIDGETS}template",
                 format_func=lambda k: "—" if k is None else templates[k]["title"],
                 on_change=_use_template, args=(templates, case))
    reply = st.text_area(ot("case.reply_text"), key=f"{WIDGETS}reply", height=160)
    if st.button(ot("case.reply_save"), key=f"{WIDGETS}reply_save", type="primary"):
        _write(user, opened, set_reply, reply)


def _use_template(templates: dict[str, dict[str, str]], case: Case) -> None:
    chosen = st.session_state.get(f"{WIDGETS}template")
    if chosen:
        st.session_state[f"{WIDGETS}reply"] = od.fill_template(templates[chosen]["text"], case)


def _corrections(user: User, case: Case) -> None:
    if user.role == Role.admin:
        return
    lang = lang_index()
    with st.expander(ot("case.corrections"), icon=":material/model_training:"):
        task = st.selectbox(ot("case.correct_task"), od.CORRECTABLE, key=f"{WIDGETS}task",
                            format_func=lambda k: ot(f"case.task.{k}"))
        options, label_of, predicted = _label_options(task, case, lang)
        label = st.selectbox(ot("case.correct_label"), options, key=f"{WIDGETS}label_{task}", format_func=label_of,
                             index=options.index(predicted) if predicted in options else 0)
        if st.button(ot("case.correct_save"), key=f"{WIDGETS}correct"):
            od.correct_label(user, case, task, label, predicted)
            st.success(ot("case.corrected", task=ot(f"case.task.{task}"), label=label_of(label)))


def _label_options(task: str, case: Case, lang: int):
    if task == "topic":
        topics = data.topic_names()
        return list(topics), lambda k: topics.get(k, (k, k))[lang], case.topic
    if task == "urgency":
        return ["high", "medium", "low"], urgency_label, str(case.urgency)
    if task == "legal_type":
        return ["phan_anh", "kien_nghi", "khieu_nai", "to_cao"], legal_label, str(case.legal_type)
    yes_no = {"true": ("Có", "Yes"), "false": ("Không", "No")}
    return ["true", "false"], lambda k: yes_no[k][lang], "true"


if __name__ == "__main__":
    with error_boundary():
        render()
