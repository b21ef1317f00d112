"""Run the dashboard in Streamlit's AppTest as a signed-in user of a given role."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.helpers import ROOT
from triage.policy import Role, User

APP = str(ROOT / "dashboard" / "app.py")
USERS = {
    Role.communications: User("truyenthong.thu", Role.communications, display_name="Phạm Minh Thư"),
    Role.officer: User("canbo.lan", Role.officer, display_name="Nguyễn Thị Lan"),
    Role.unit_handler: User("ubnd.benthanh", Role.unit_handler, unit="ubnd-26743", display_name="UBND Bến Thành"),
    Role.supervisor: User("giamsat.hoa", Role.supervisor, display_name="Lê Thị Hòa"),
    Role.admin: User("admin", Role.admin, display_name="Quản trị hệ thống"),
}


def _app(role: Role | None, lang: str, params: dict[str, str] | None, timeout: float) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=timeout)
    if role is not None:
        at.session_state["user"] = USERS[role]
    at.session_state["lang"] = lang
    at.query_params.update(params or {})
    return at


def open_app(role: Role | None = None, page: str | None = None, *, lang: str = "vi",
             params: dict[str, str] | None = None, timeout: float = 30) -> AppTest:
    """The app through its router: a first run on the role's landing page, then (when given)
    a switch to ``pages/<page>.py`` — only possible when the router offers that page."""
    at = _app(role, lang, params, timeout).run()
    if page:
        at.switch_page(f"pages/{page}.py").run()
    return at


def open_page(role: Role | None, page: str, *, lang: str = "vi", params: dict[str, str] | None = None,
              timeout: float = 30) -> AppTest:
    """One run of ``pages/<page>.py`` as a first request by its address: Streamlit runs the file
    through its ``pages/`` folder handling rather than the router (as a server does on its first
    request), so this is faster and also proves the page's own role check (``auth.require_page``).
    Each page's url path is its file name, so AppTest finds it before the first run."""
    at = _app(role, lang, params, timeout)
    at.switch_page(f"pages/{page}.py")
    return at.run()


def texts(at: AppTest) -> str:
    """Every piece of text the page shows (markdown, captions, info, headers)."""
    elements = [*at.markdown, *at.caption, *at.info, *at.success, *at.warning, *at.error, *at.title,
                *at.subheader, *at.header]
    return "\n".join(str(e.value) for e in elements)


def nav_pages(at: AppTest) -> set[str]:
    """The url paths of the pages the navigation offers (AppTest's registry of the last run)."""
    return {str(info.get("url_pathname")) for info in at._registered_pages.values()}
