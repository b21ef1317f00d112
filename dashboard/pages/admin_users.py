"""Người dùng: who may sign in, with which role (and unit); adding a user stores only the Argon2
hash of the password in the users file (``triage.users``). Every change is audited."""
from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from core.case_schema import AuditEvent
from core.errors import LangNgheError
from core.settings import get_settings
from dashboard import auth, data
from dashboard.errors import show_error
from dashboard.i18n import t
from triage.policy import Role


def render() -> None:
    admin = auth.require_page("admin_users")
    from triage.users import load_users

    settings = get_settings()
    st.title(t("admin.users.title"), anchor=False)
    st.caption(t("admin.users.file", path=settings.users_file))
    users = load_users(settings.users_file)
    st.dataframe(pd.DataFrame([{t("admin.users.name"): u.name, t("admin.users.display"): u.display_name,
                                t("admin.users.role"): t(f"role.{u.role.value}"), t("admin.users.unit"): u.unit or ""}
                               for u in users]), hide_index=True, width="stretch")
    st.subheader(t("admin.users.add"), anchor=False)
    with st.form("au_form", clear_on_submit=True):
        left, right = st.columns(2)
        name = left.text_input(t("admin.users.name"), key="au_name")
        display = right.text_input(t("admin.users.display"), key="au_display")
        left, right = st.columns(2)
        role = left.selectbox(t("admin.users.role"), [r.value for r in Role], key="au_role",
                              format_func=lambda r: t(f"role.{r}"))
        unit = right.text_input(t("admin.users.unit"), key="au_unit")
        password = st.text_input(t("admin.users.password"), type="password", key="au_password")
        submitted = st.form_submit_button(t("common.save"), type="primary", icon=":material/person_add:")
    if submitted:
        _add(admin, name.strip(), role, password, unit.strip() or None, display.strip())


def _add(admin, name: str, role: str, password: str, unit: str | None, display: str) -> None:
    from triage.users import add_user

    settings = get_settings()
    try:
        record = add_user(settings.users_file, name=name, role=role, password=password, unit=unit,
                          display_name=display)
    except LangNgheError as exc:
        show_error(exc)
        return
    data.record_audit(AuditEvent(at=datetime.now(UTC), actor=admin.name, role=admin.role.value, action="user.save",
                                 target_type="user", target_id=record.name,
                                 after={"role": record.role.value, "unit": record.unit}))
    st.success(t("admin.users.added", name=record.name))
    st.rerun()


if __name__ == "__main__":
    render()
