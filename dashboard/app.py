"""Lắng Nghe dashboard. Run with ``streamlit run dashboard/app.py`` (the project is
installed editable by ``make install``, so ``dashboard``, ``store`` and ``core`` import from anywhere).

The router: who is signed in decides which pages exist (``ROLE_PAGES``). Pages are files under
``dashboard/pages/``; a page listed here whose file does not exist yet is left out at run time.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard import auth
from dashboard.errors import error_boundary
from dashboard.i18n import LANG_KEY, t
from triage.policy import Role

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class PageSpec:
    file: str
    icon: str
    url_path: str


PAGES: dict[str, PageSpec] = {
    "overview": PageSpec("pages/overview.py", ":material/dashboard:", "overview"),
    "explore": PageSpec("pages/explore.py", ":material/manage_search:", "explore"),
    "incidents": PageSpec("pages/incidents.py", ":material/crisis_alert:", "incidents"),
    "digests": PageSpec("pages/digests.py", ":material/mail:", "digests"),
    "alerts": PageSpec("pages/alerts.py", ":material/notifications:", "alerts"),
    "queue": PageSpec("pages/queue.py", ":material/inbox:", "queue"),
    "case": PageSpec("pages/case.py", ":material/folder_open:", "case"),
    "units": PageSpec("pages/units.py", ":material/apartment:", "units"),
    "admin_users": PageSpec("pages/admin_users.py", ":material/group:", "admin_users"),
    "admin_taxonomy": PageSpec("pages/admin_taxonomy.py", ":material/category:", "admin_taxonomy"),
    "admin_routing": PageSpec("pages/admin_routing.py", ":material/alt_route:", "admin_routing"),
    "admin_sources": PageSpec("pages/admin_sources.py", ":material/monitor_heart:", "admin_sources"),
    "admin_audit": PageSpec("pages/admin_audit.py", ":material/policy:", "admin_audit"),
    "unsubscribe": PageSpec("pages/unsubscribe.py", ":material/unsubscribe:", "unsubscribe"),
    "login": PageSpec("pages/login.py", ":material/login:", "login"),
}

LISTEN = ("overview", "explore", "incidents", "digests")
CASES = ("queue", "case", "units")
ADMIN = ("admin_users", "admin_taxonomy", "admin_routing", "admin_sources", "admin_audit")

# section → pages, per role; the first page of the first section is the landing page
ROLE_PAGES: dict[Role, dict[str, tuple[str, ...]]] = {
    Role.communications: {"listen": (*LISTEN, "alerts")},
    Role.officer: {"cases": CASES, "listen": LISTEN},
    Role.unit_handler: {"cases": CASES, "listen": ("overview", "digests")},
    Role.supervisor: {"cases": CASES, "listen": (*LISTEN, "alerts")},
    Role.admin: {"listen": (*LISTEN, "alerts"), "cases": CASES, "admin": ADMIN},
}
PUBLIC = ("login", "unsubscribe")


def available(key: str) -> bool:
    return (HERE / PAGES[key].file).exists()


def page_keys(role: Role | None) -> dict[str, list[str]]:
    """The pages a role sees, by section, leaving out pages whose file is not written yet."""
    sections = ROLE_PAGES[role] if role else {"account": PUBLIC}
    chosen = {section: [k for k in keys if available(k)] for section, keys in sections.items()}
    return {section: keys for section, keys in chosen.items() if keys}


def _page(key: str, default: bool) -> st.Page:
    spec = PAGES[key]
    return st.Page(spec.file, title=t(f"nav.{key}"), icon=spec.icon, url_path=spec.url_path, default=default)


def _hidden(user) -> list[st.Page]:
    """Signed out, every other page's address shows the login form, so a link such as
    /explore?q=… opens that page once signed in; signed in, /login forwards to the landing page."""
    login = PAGES["login"]
    if user is not None:
        return [st.Page(login.file, title=t("nav.login"), url_path=login.url_path, visibility="hidden")]
    return [st.Page(login.file, title=t(f"nav.{key}"), url_path=spec.url_path, visibility="hidden")
            for key, spec in PAGES.items() if key not in PUBLIC and available(key)]


def landing(role: Role) -> str:
    """The file of a role's first page."""
    return PAGES[next(iter(page_keys(role).values()))[0]].file


def _sidebar(user) -> None:
    with st.sidebar:
        english = st.toggle(t("shell.language"), value=st.session_state.get(LANG_KEY) == "en", key="lang_toggle")
        st.session_state[LANG_KEY] = "en" if english else "vi"
        if user is not None:
            st.caption(t("shell.signed_in", name=user.display_name or user.name, role=t(f"role.{user.role.value}")))
            st.button(t("shell.logout"), icon=":material/logout:", key="logout", on_click=auth.logout)


def run() -> None:
    st.set_page_config(page_title="Lắng Nghe", page_icon=":material/hearing:", layout="wide")
    user = None
    with error_boundary():
        user = auth.current_user()
    _sidebar(user)
    sections = page_keys(user.role if user else None)
    first = True
    navigation: dict[str, list[st.Page]] = {}
    for section, keys in sections.items():
        navigation[t(f"nav.section.{section}")] = [_page(k, default=first and i == 0) for i, k in enumerate(keys)]
        first = False
    navigation[t("nav.section.account")] = navigation.get(t("nav.section.account"), []) + _hidden(user)
    page = st.navigation(navigation)
    with error_boundary():
        page.run()


if __name__ == "__main__":
    run()
