"""Role visibility, the admin pages, the alert editor, unsubscribe links and the CSV export,
in AppTest against the real Elasticsearch."""
from __future__ import annotations

import csv
import io
import shutil
from datetime import datetime

import pytest

from core.settings import get_settings
from dashboard.results import csv_bytes
from store.queries import PostFilter
from tests.dashboard.apptest import USERS, open_app, open_page, texts
from tests.dashboard.conftest import DashboardIndex
from triage.policy import Role, pseudonymise

pytestmark = pytest.mark.integration

ADMIN_PAGES = ("admin_users", "admin_taxonomy", "admin_routing", "admin_sources", "admin_audit")


def _ok(at) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def _labelled(elements, label: str):
    return next(e for e in elements if e.label == label)


@pytest.mark.parametrize(("role", "shown", "hidden"), [
    (Role.communications, {"overview", "explore", "incidents", "digests", "alerts"}, {*ADMIN_PAGES}),
    (Role.officer, {"overview", "explore", "incidents"}, {*ADMIN_PAGES, "alerts"}),
    (Role.unit_handler, {"overview", "digests"}, {*ADMIN_PAGES, "explore", "incidents", "alerts"}),
    (Role.admin, {"overview", "alerts", *ADMIN_PAGES}, set()),
])
def test_each_role_gets_its_pages(role: Role, shown: set[str], hidden: set[str]):
    from dashboard.app import page_keys

    keys = {k for ks in page_keys(role).values() for k in ks}
    assert shown <= keys and not (hidden & keys)


def test_communications_cannot_open_an_admin_page(dashboard_env: DashboardIndex):
    at = open_app(Role.communications)
    for page in ADMIN_PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"pages/{page}.py")
    for page in ("admin_users", "admin_audit"):  # the page file run by its address refuses on its own
        direct = open_page(Role.communications, page)
        assert not direct.exception and "Không có quyền truy cập" in direct.error[0].value
        assert not direct.dataframe


def test_unit_handlers_cannot_open_explore_or_incidents(dashboard_env: DashboardIndex):
    for page in ("explore", "incidents", "alerts"):
        at = open_page(Role.unit_handler, page)
        assert not at.exception and "Không có quyền truy cập" in at.error[0].value


def test_officer_pages_are_listed_only_when_their_files_exist():
    from dashboard.app import PAGES, available, page_keys

    keys = {k for ks in page_keys(Role.officer).values() for k in ks}
    for page in ("queue", "case", "units"):
        assert (page in keys) == available(page) == (PAGES[page].file and available(page))


def test_admin_users_lists_and_adds_a_user_with_a_hashed_password(dashboard_env: DashboardIndex, tmp_path,
                                                                  monkeypatch):
    from triage.users import authenticate, load_users

    users = tmp_path / "users.yaml"
    shutil.copy(get_settings().users_file, users)
    monkeypatch.setenv("LANGNGHE_USERS_FILE", str(users))
    get_settings.cache_clear()
    at = open_page(Role.admin, "admin_users")
    _ok(at)
    assert "truyenthong.thu" in list(at.dataframe[0].value["Tên đăng nhập"])
    at.text_input(key="au_name").input("truyenthong.an")
    at.text_input(key="au_display").input("Lê An")
    at.selectbox(key="au_role").set_value("communications")
    at.text_input(key="au_password").input("mat-khau-rat-dai")
    _labelled(at.button, "Lưu").click().run()
    _ok(at)
    record = next(u for u in load_users(users) if u.name == "truyenthong.an")
    assert record.password_hash.startswith("$argon2") and "mat-khau" not in users.read_text()
    assert authenticate(get_settings(), "truyenthong.an", "mat-khau-rat-dai").role == Role.communications
    audit = open_page(Role.admin, "admin_audit")
    audit.text_input(key="aa_action").input("user.save").run()
    assert list(audit.dataframe[0].value["target"]) == ["user:truyenthong.an"]


def test_admin_users_refuses_a_short_password(dashboard_env: DashboardIndex, tmp_path, monkeypatch):
    users = tmp_path / "users.yaml"
    shutil.copy(get_settings().users_file, users)
    monkeypatch.setenv("LANGNGHE_USERS_FILE", str(users))
    get_settings.cache_clear()
    at = open_page(Role.admin, "admin_users")
    at.text_input(key="au_name").input("ngan")
    at.text_input(key="au_password").input("ngan")
    _labelled(at.button, "Lưu").click().run()
    assert "8 characters" in at.error[0].value
    assert "ngan" not in users.read_text()


def test_admin_taxonomy_shows_file_validity_and_topics(dashboard_env: DashboardIndex):
    at = open_page(Role.admin, "admin_taxonomy")
    _ok(at)
    assert "taxonomy.yaml" in texts(at)
    assert "ngap_nuoc" in list(at.dataframe[0].value["key"])
    assert "hợp lệ" in at.success[0].value


def test_admin_routing_tells_which_rule_fires(dashboard_env: DashboardIndex):
    from core.schema import Place
    from triage.routing import route

    at = open_page(Role.admin, "admin_routing")
    _ok(at)
    assert len(at.dataframe[0].value) > 0
    at.selectbox(key="ar_topic").set_value("ngap_nuoc")
    at.selectbox(key="ar_ward").set_value("26743").run()
    _ok(at)
    expected = route(get_settings(), topic="ngap_nuoc", legal_type="phan_anh",
                     place=Place(mention="Phường Bến Thành", ward_code="26743", ward="Phường Bến Thành"), text="")
    assert f"**{expected.rule}**" in at.success[0].value and f"**{expected.unit}**" in at.success[0].value


def test_admin_sources_shows_the_last_run_of_each_source(dashboard_env: DashboardIndex):
    at = open_page(Role.admin, "admin_sources")
    _ok(at)
    table = at.dataframe[0].value.set_index("source")
    assert table.loc["vnexpress", "new"] == 10 and table.loc["vnexpress", "duplicates"] == 1
    assert "not_configured" in table.loc["facebook_pages", "status"]


def test_admin_audit_searches_views_of_personal_data(dashboard_env: DashboardIndex):
    at = open_page(Role.admin, "admin_audit")
    _ok(at)
    at.checkbox(key="aa_personal").check().run()
    table = at.dataframe[0].value
    assert list(table["action"]) == ["case.view_personal_data"] and list(table["actor"]) == ["canbo.lan"]


def test_alert_rule_is_created_edited_and_deleted(dashboard_env: DashboardIndex):
    at = open_page(Role.communications, "alerts")
    _labelled(at.text_input, "Mã (a-z, 0-9, -)").input("ket-xe")
    _labelled(at.text_input, "Tên").input("Kẹt xe sân bay")
    _labelled(at.text_input, "Truy vấn").input("kẹt xe | ùn tắc")
    _labelled(at.text_area, "E-mail nhận (mỗi dòng một địa chỉ)").input("a@example.vn\nb@example.vn")
    _labelled(at.button, "Lưu").click().run()
    _ok(at)
    at = open_page(Role.communications, "alerts")
    rules = at.dataframe[0].value.set_index("id")
    assert rules.loc["ket-xe", "e-mail"] == "a@example.vn, b@example.vn"
    at.selectbox(key="al_rule").set_value("ket-xe").run()
    assert _labelled(at.text_input, "Tên").value == "Kẹt xe sân bay"
    _labelled(at.number_input, "Ngưỡng (số tin, 0 = không dùng)").set_value(10)
    _labelled(at.button, "Lưu").click().run()
    _ok(at)
    at = open_page(Role.communications, "alerts")
    assert at.dataframe[0].value.set_index("id").loc["ket-xe", "Ngưỡng (số tin, 0 = không dùng)"] == 10
    at.selectbox(key="al_rule").set_value("ket-xe").run()
    at.button(key="al_delete").click().run()
    _ok(at)
    assert "ket-xe" not in list(open_page(Role.communications, "alerts").dataframe[0].value["id"])


def test_a_bad_alert_rule_is_refused_with_the_field_named(dashboard_env: DashboardIndex):
    at = open_page(Role.communications, "alerts")
    _labelled(at.text_input, "Mã (a-z, 0-9, -)").input("Có Dấu")
    _labelled(at.text_input, "Tên").input("x")
    _labelled(at.button, "Lưu").click().run()
    assert not at.exception
    assert "id" in at.error[0].value


def test_unsubscribe_with_a_good_token_sets_unsubscribed_at(dashboard_env: DashboardIndex):
    from notify.digest import unsubscribe_token
    from store.client import make_client
    from store.notify import get_subscription

    settings = get_settings()
    at = open_page(None, "unsubscribe", params={"email": "thu@example.vn",
                                               "token": unsubscribe_token(settings, "thu@example.vn")})
    _ok(at)
    assert "Đã hủy đăng ký" in at.success[0].value
    assert get_subscription(make_client(settings), settings, "thu@example.vn").unsubscribed_at is not None


def test_unsubscribe_with_a_bad_token_changes_nothing(dashboard_env: DashboardIndex):
    from notify.digest import unsubscribe_token
    from store.client import make_client
    from store.notify import get_subscription, save_subscription

    settings = get_settings()
    es = make_client(settings)
    subscription = get_subscription(es, settings, "thu@example.vn")
    save_subscription(es, settings, subscription.model_copy(update={"unsubscribed_at": None}))
    at = open_page(None, "unsubscribe", params={"email": "thu@example.vn",
                                               "token": unsubscribe_token(settings, "other@example.vn")})
    assert not at.exception
    assert "không hợp lệ" in at.error[0].value
    assert get_subscription(es, settings, "thu@example.vn").unsubscribed_at is None
    assert "thiếu" in open_page(None, "unsubscribe", params={"email": "thu@example.vn"}).warning[0].value


def test_explore_csv_export_holds_the_filtered_posts_with_pseudonymised_authors(dashboard_env: DashboardIndex):
    from dashboard import data

    at = open_page(Role.communications, "explore")
    at.multiselect(key="ex_topics").set_value(["ngap_nuoc"]).run()
    _ok(at)
    assert at.get("download_button")
    flood = {p.id: p for p in dashboard_env.posts if p.enrichment.topic == "ngap_nuoc"}
    rows = data.export_rows.__wrapped__(data.target(), PostFilter(topics=("ngap_nuoc",)))
    raw = csv_bytes(rows, USERS[Role.communications])
    assert raw.startswith("\ufeff".encode())
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r["id"] for r in table} == set(flood)
    key = dashboard_env.settings.pseudonym_key
    for row in table:
        post = flood[row["id"]]
        assert row["author"] == (pseudonymise(post.author, key) or "")
        assert row["topic"] == "ngap_nuoc" and row["text"] == post.text
        assert row["ward_codes"] == "|".join(post.enrichment.ward_codes)
        assert datetime.fromisoformat(row["published_at"]) == post.published_at
    officer = list(csv.DictReader(io.StringIO(csv_bytes(rows, USERS[Role.officer]).decode("utf-8-sig"))))
    assert {r["author"] for r in officer if r["author"]} == {p.author for p in flood.values() if p.author}
