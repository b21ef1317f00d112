"""Every word the dashboard shows has a Vietnamese and an English version."""
from __future__ import annotations

import re

from dashboard.i18n import STRINGS, t
from tests.helpers import ROOT


def test_every_key_used_in_the_dashboard_exists_in_both_languages():
    used: set[str] = set()
    for path in (ROOT / "dashboard").rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""", path.read_text(encoding="utf-8")))
    assert used, "no t() call found"
    assert not used - set(STRINGS), sorted(used - set(STRINGS))
    assert all(vi.strip() and en.strip() for vi, en in STRINGS.values())


def test_vietnamese_by_default_english_on_request():
    assert t("nav.overview", "vi") == "Tổng quan" and t("nav.overview", "en") == "Overview"
    assert t("common.results", "en", n=3) == "3 results"


def test_every_role_and_page_has_a_name():
    from dashboard.app import PAGES
    from triage.policy import Role

    assert all(f"nav.{key}" in STRINGS for key in PAGES)
    assert all(f"role.{role.value}" in STRINGS for role in Role)
