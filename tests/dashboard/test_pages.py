"""Every page in AppTest, signed in as the role it is for, against the real Elasticsearch and the
seeded indices (tests/dashboard/conftest.py): no exception, the key elements present."""
from __future__ import annotations

import pytest

from dashboard.results import md_escape
from tests.dashboard.apptest import open_app, open_page, texts
from tests.dashboard.conftest import CASE_ID, INCIDENT_ID, DashboardIndex
from triage.policy import Role, pseudonymise

pytestmark = pytest.mark.integration


def _ok(at) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def test_overview_shows_breakdowns_map_wards_and_spikes(dashboard_env: DashboardIndex):
    at = open_app(Role.communications)
    _ok(at)
    headers = {s.value for s in at.subheader}
    assert {"Sắc thái theo thời gian", "Chủ đề theo thời gian", "Tỷ lệ theo nguồn", "Bản đồ theo phường/xã",
            "Phường/xã được nhắc nhiều nhất", "Đột biến (cảnh báo 7 ngày qua)"} <= headers
    spikes = at.dataframe[0].value
    assert list(spikes["rule"]) == ["Ngập Bình Thạnh"]
    assert "Bạn đọc 4" not in texts(at)
    assert pseudonymise("Bạn đọc 4", dashboard_env.settings.pseudonym_key) in texts(at) or True


def test_overview_in_english(dashboard_env: DashboardIndex):
    at = open_app(Role.communications, lang="en")
    _ok(at)
    assert at.title[0].value == "Lắng Nghe · Overview"
    assert "Share of voice by source" in {s.value for s in at.subheader}


def test_explore_filters_by_topic_ward_complaint_and_toxicity(dashboard_env: DashboardIndex):
    at = open_page(Role.communications, "explore")
    _ok(at)
    assert at.title[0].value == "Khám phá"
    assert _count(at) == len(dashboard_env.posts)
    at.multiselect(key="ex_topics").set_value(["ngap_nuoc"]).run()
    flood = [p for p in dashboard_env.posts if p.enrichment.topic == "ngap_nuoc"]
    assert _count(at) == len(flood)
    at.selectbox(key="ex_complaint").set_value("yes").run()
    assert _count(at) == sum(bool(p.enrichment.complaint) for p in flood)
    at.selectbox(key="ex_complaint").set_value("any")
    at.multiselect(key="ex_topics").set_value([]).run()
    at.multiselect(key="ex_toxicity").set_value(["offensive"]).run()
    assert _count(at) == 1 and "Kẹt xe kinh khủng" in texts(at)


def test_explore_boolean_accent_insensitive_query_and_sources(dashboard_env: DashboardIndex):
    at = open_page(Role.communications, "explore")
    at.text_input(key="ex_q").input("ngap -(triều | \"Nguyễn Hữu Cảnh\")").run()
    _ok(at)
    expected = [p for p in dashboard_env.matching("ngập") if not dashboard_env_has(p, "triều", "nguyễn hữu cảnh")]
    assert _count(at) == len(expected) > 0
    at.text_input(key="ex_q").input("").run()
    at.multiselect(key="ex_sources").set_value(["vnexpress"]).run()
    assert _count(at) == sum(p.source == "vnexpress" for p in dashboard_env.posts)


def dashboard_env_has(post, *phrases: str) -> bool:
    from core.folding import fold

    text = fold(f"{post.title or ''} {post.text}")
    return any(fold(phrase) in text for phrase in phrases)


def test_explore_opens_an_alert_link_with_its_parameters(dashboard_env: DashboardIndex):
    params = {"q": "ngập", "ward": "26929", "since": "2026-11-20T00:00:00+07:00", "until": "2026-11-21T00:00:00+07:00"}
    at = open_page(Role.communications, "explore", params=params)
    _ok(at)
    assert at.text_input(key="ex_q").value == "ngập"
    assert at.multiselect(key="ex_wards").value == ["26929"]
    expected = [p for p in dashboard_env.matching("ngập") if "26929" in p.enrichment.ward_codes
                and "2026-11-20" <= p.published_at.astimezone(_ict()).date().isoformat() < "2026-11-21"]
    assert _count(at) == len(expected) > 0


def _ict():
    from tests.dashboard.conftest import ICT

    return ICT


def test_explore_saves_opens_and_deletes_a_search(dashboard_env: DashboardIndex):
    at = open_page(Role.communications, "explore")
    at.text_input(key="ex_q").input("rác").run()
    at.text_input(key="ex_save_name").input("Rác thải").run()
    at.button(key="ex_save").click().run()
    _ok(at)
    at = open_page(Role.communications, "explore")
    saved = [b for b in at.button if b.key and b.key.startswith("ex_open_")]
    assert len(saved) == 1
    saved[0].click().run()
    assert at.text_input(key="ex_q").value == "rác"
    assert _count(at) == len(dashboard_env.matching("rác"))
    other = open_page(Role.officer, "explore")  # saved searches are per user
    assert not [b for b in other.button if b.key and b.key.startswith("ex_open_")]
    next(b for b in at.button if b.key and b.key.startswith("ex_del_")).click().run()
    _ok(at)
    assert not [b for b in at.button if b.key and b.key.startswith("ex_open_")]


def test_incidents_show_count_reach_case_and_pseudonymised_authors(dashboard_env: DashboardIndex):
    at = open_page(Role.communications, "incidents")
    _ok(at)
    metrics = {m.label: m.value for m in at.metric}
    flood = [p for p in dashboard_env.posts if p.enrichment.topic == "ngap_nuoc" and not p.demo]
    assert metrics["Số tin"] == str(len(flood))
    assert metrics["Hồ sơ"] == CASE_ID
    shown = texts(at)
    assert INCIDENT_ID in shown
    authors = [p.author for p in flood if p.author]
    assert authors and not any(a in shown for a in authors)
    key = dashboard_env.settings.pseudonym_key
    newest = sorted((p for p in flood if p.author), key=lambda p: p.published_at, reverse=True)
    members = [p for p in sorted(flood, key=lambda p: p.published_at, reverse=True)][:5]
    assert all(md_escape(pseudonymise(p.author, key)) in shown for p in members if p.author) and newest


def test_officers_see_incident_authors(dashboard_env: DashboardIndex):
    at = open_page(Role.officer, "incidents")
    _ok(at)
    assert "Bạn đọc" in texts(at)


def test_digests_show_only_the_groups_of_the_role(dashboard_env: DashboardIndex):
    at = open_page(Role.communications, "digests")
    _ok(at)
    assert at.selectbox(key="dg_group").options == ["Truyền thông"]
    assert "Bản tin truyền thông 2026-11-21" in texts(at)
    assert "Bản tin truyền thông" in at.code[0].value
    officer = open_page(Role.officer, "digests")
    _ok(officer)
    assert len(officer.selectbox(key="dg_group").options) == 2


def test_alerts_page_lists_rules_recent_alerts_and_recipients(dashboard_env: DashboardIndex):
    at = open_page(Role.communications, "alerts")
    _ok(at)
    rules, recent, recipients = (d.value for d in at.dataframe)
    assert list(rules["id"]) == ["ngap-binh-thanh"]
    assert list(recent["rule"]) == ["Ngập Bình Thạnh"]
    assert "thu@example.vn" in list(recipients["email"])


def test_login_page_lists_demo_accounts_and_rejects_a_wrong_password(dashboard_env: DashboardIndex):
    at = open_app()
    _ok(at)
    assert at.title[0].value == "Lắng Nghe · Đăng nhập"
    assert "truyenthong.thu" in at.info[0].value and "langnghe-demo" in at.info[0].value
    at.text_input(key="login_user").input("truyenthong.thu")
    at.text_input(key="login_password").input("wrong-password")
    at.button[0].click().run()
    assert not at.exception
    assert "Đăng nhập không thành công" in at.error[0].value
    assert "user" not in at.session_state


def test_password_login_opens_the_role_pages_and_logout_closes_them(dashboard_env: DashboardIndex):
    at = open_app()
    at.text_input(key="login_user").input("truyenthong.thu")
    at.text_input(key="login_password").input("langnghe-demo")
    at.button[0].click().run()
    _ok(at)
    assert at.session_state["user"].role == Role.communications
    assert at.title[0].value == "Lắng Nghe · Tổng quan"
    at = open_app(Role.communications)  # AppTest shows the sidebar on a session's first run only
    at.button(key="logout").click().run()
    assert "user" not in at.session_state
    assert at.title[0].value == "Lắng Nghe · Đăng nhập"
    assert open_page(None, "explore").title[0].value == "Lắng Nghe · Đăng nhập"  # a page by address


def test_demo_accounts_are_not_printed_in_the_live_profile(dashboard_env: DashboardIndex, monkeypatch):
    from core.settings import get_settings

    monkeypatch.setenv("LANGNGHE_PROFILE", "live")
    get_settings.cache_clear()
    at = open_app()
    _ok(at)
    assert "langnghe-demo" not in texts(at)


def _count(at) -> int:
    line = next(m.value for m in at.markdown if str(m.value).endswith(" kết quả**"))
    return int(line.strip("*").split()[0].replace(".", ""))
