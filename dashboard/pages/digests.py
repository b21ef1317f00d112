"""Bản tin: the archived daily digests, by day and recipient group, shown as they were e-mailed.
Each role reads only the groups meant for it: communications staff the communications digest,
a unit handler their unit's; officers, supervisors and admins every group."""
from __future__ import annotations

import base64

import streamlit as st

from dashboard import auth, data
from dashboard.i18n import t
from dashboard.results import local_time, md_escape
from triage.policy import Role, User


def allowed(group: str, user: User) -> bool:
    if user.role == Role.communications:
        return group == "role:communications"
    if user.role == Role.unit_handler:
        return group == f"unit:{user.unit}"
    return True


def render() -> None:
    user = auth.require_page("digests")
    st.title(t("digests.title"), anchor=False)
    headers = [h for h in data.digests(data.where()) if allowed(h["group"], user)]
    if not headers:
        st.info(t("digests.none"), icon=":material/mail:")
        return
    days = sorted({h["day"] for h in headers}, reverse=True)
    left, right = st.columns(2)
    day = left.selectbox(t("digests.day"), days, key="dg_day")
    groups = [h["group"] for h in headers if h["day"] == day]
    group = right.selectbox(t("digests.group"), groups, key="dg_group", format_func=group_label)
    record = data.digest(data.where(), f"{day}:{group}")
    if record is None or not allowed(record.group, user):
        st.info(t("digests.none"))
        return
    st.subheader(record.subject, anchor=False)
    if record.sent_at:
        st.caption(t("digests.sent", n=len(record.sent_to), at=local_time(record.sent_at.isoformat())))
    html, text = st.tabs(["HTML", "Text"])
    with html:
        # a data: URL gives the e-mail's HTML an opaque origin: it cannot reach the dashboard
        encoded = base64.b64encode(record.html.encode("utf-8")).decode("ascii")
        st.iframe(f"data:text/html;charset=utf-8;base64,{encoded}", height=900)
    with text:
        st.code(record.text, language=None, wrap_lines=True)


def group_label(group: str) -> str:
    kind, _, value = group.partition(":")
    if kind == "role":
        return t(f"role.{value}") if f"role.{value}" in _role_keys() else group
    if kind == "ward":
        return data.ward_names().get(value, (group,))[0]
    return md_escape(group)


def _role_keys() -> set[str]:
    from dashboard.i18n import STRINGS

    return {k for k in STRINGS if k.startswith("role.")}


if __name__ == "__main__":
    render()
