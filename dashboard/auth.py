"""Who is using the dashboard: a password login against the users file (Argon2 hashes through
``triage.users``) or, when configured, an OIDC provider through Streamlit's ``st.login``; the
signed-in ``triage.policy.User`` lives in the session state and decides which pages exist."""
from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from core.case_schema import AuditEvent
from core.settings import Settings, get_settings
from triage.policy import User

USER_KEY = "user"


def current_user() -> User | None:
    """The signed-in user; an OIDC identity is mapped to a role the first time it is seen."""
    user = st.session_state.get(USER_KEY)
    if user is None and oidc_enabled(get_settings()) and _oidc_logged_in():
        from triage.users import user_from_oidc

        user = user_from_oidc(get_settings(), st.user.to_dict())
        _signed_in(user, "oidc")
    return user


def require_user() -> User:
    """The page's user; a page reached without one shows the login form instead of itself."""
    user = current_user()
    if user is None:
        from dashboard.pages import login

        login.render()
        st.stop()
    return user  # type: ignore[return-value]


def require_page(key: str) -> User:
    """The page's user when the router offers page ``key`` to their role; anyone else is refused
    on the page itself too (Streamlit runs a ``pages/`` file directly on a first request by its
    address, before ``st.navigation`` has taken over)."""
    from dashboard.app import page_keys

    user = require_user()
    if not any(key in keys for keys in page_keys(user.role).values()):
        from dashboard.errors import show_error
        from triage.policy import AccessDenied

        show_error(AccessDenied(f"{user.name} ({user.role.value}) không được mở trang này / may not open this page."))
        st.stop()
    return user


def login_with_password(name: str, password: str) -> User:
    from triage.users import authenticate

    user = authenticate(get_settings(), name.strip(), password)
    _signed_in(user, "password")
    return user


def logout() -> None:
    st.session_state.pop(USER_KEY, None)
    if oidc_enabled(get_settings()) and _oidc_logged_in():
        st.logout()


def oidc_enabled(settings: Settings) -> bool:
    """OIDC is on when ``LANGNGHE_OIDC_PROVIDER`` names a provider of the ``[auth]`` secrets."""
    if not settings.oidc_provider:
        return False
    try:
        auth = st.secrets.get("auth") or {}
    except (FileNotFoundError, KeyError):
        return False
    return settings.oidc_provider in auth or settings.oidc_provider == "default"


def oidc_login() -> None:
    provider = get_settings().oidc_provider
    st.login(None if provider == "default" else provider)


def _oidc_logged_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except Exception:  # noqa: BLE001 - st.user without auth configured raises on some versions
        return False


def _signed_in(user: User, method: str) -> None:
    st.session_state[USER_KEY] = user
    from dashboard.data import record_audit

    record_audit(AuditEvent(at=datetime.now(UTC), actor=user.name, role=user.role.value, action="auth.login",
                            target_type="user", target_id=user.name, detail=method))
