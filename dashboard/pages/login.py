"""Đăng nhập: user name and password from the users file; an OIDC button when one is configured.
In the demo profile the demo accounts are printed, so anyone trying the demo can get in."""
from __future__ import annotations

import streamlit as st

from core.errors import LangNgheError
from core.settings import get_settings
from dashboard import auth
from dashboard.errors import show_error
from dashboard.i18n import t

DEMO_PASSWORD = "langnghe-demo"


def render() -> None:
    user = auth.current_user()
    if user is not None:  # signed in on /login: go to the role's first page
        from dashboard.app import landing

        st.switch_page(landing(user.role))
    settings = get_settings()
    st.title(t("login.title"), anchor=False)
    left, _ = st.columns([2, 3])
    with left:
        if auth.oidc_enabled(settings):
            st.button(t("login.oidc"), icon=":material/badge:", on_click=auth.oidc_login, type="primary",
                      key="oidc")
            st.divider()
        with st.form("login"):
            name = st.text_input(t("login.user"), key="login_user")
            password = st.text_input(t("login.password"), type="password", key="login_password")
            submitted = st.form_submit_button(t("login.submit"), type="primary", icon=":material/login:")
        if submitted:
            _submit(name, password)
    if settings.profile == "demo":
        _demo_banner(settings)


def _submit(name: str, password: str) -> None:
    if not name.strip() or not password:
        st.warning(t("login.missing"))
        return
    try:
        auth.login_with_password(name, password)
    except LangNgheError as exc:
        show_error(exc)
        return
    st.rerun()


def _demo_banner(settings) -> None:
    from triage.users import load_users

    lines = [t("login.demo", password=DEMO_PASSWORD)]
    lines += [f"- `{u.name}` — {t(f'role.{u.role.value}')}" + (f" ({u.unit})" if u.unit else "")
              for u in load_users(settings.users_file)]
    st.info("\n".join(lines), icon=":material/science:")


if __name__ == "__main__":
    render()
