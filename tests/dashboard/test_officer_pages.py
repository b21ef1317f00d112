"""The officers' pages (queue, case, units) in AppTest against the real Elasticsearch: what each
role sees, every write through the triage library, and two officers editing one case."""
from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from store.audit import search_audit
from store.cases import QueueFilter, get_case, triage_queue
from tests.dashboard.apptest import APP, USERS, open_app, texts
from tests.dashboard.test_officer_seed import REPORTER, OfficerIndex, officer_index_fixture, point_app_at
from triage.policy import Role, User, case_filters

pytestmark = pytest.mark.integration

MINH = User("canbo.minh", Role.officer, display_name="Trần Văn Minh")
CONFLICT = "Hồ sơ đã thay đổi kể từ khi bạn mở / this case changed since you opened it"


@pytest.fixture(scope="module")
def officer_index(es_url: str) -> Iterator[OfficerIndex]:
    yield from officer_index_fixture(es_url)


@pytest.fixture
def env(officer_index: OfficerIndex, monkeypatch: pytest.MonkeyPatch) -> Iterator[OfficerIndex]:
    point_app_at(officer_index, monkeypatch)
    yield officer_index
    from core.settings import get_settings

    get_settings.cache_clear()


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def open_case(case_id: str, user: User | None = None, role: Role = Role.officer) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = user or USERS[role]
    at.session_state["lang"] = "vi"
    at.run()
    at.switch_page("pages/case.py")
    at.query_params["id"] = case_id
    return at.run()


def _shown(at: AppTest) -> str:
    return texts(at) + "\n".join(d.value.to_string() for d in [*at.dataframe, *at.table])


def _button(at: AppTest, key: str):
    return at.button(key=key)


# --- queue ---------------------------------------------------------------------------------------

def test_queue_lists_open_cases_by_priority_then_due_date(env: OfficerIndex):
    at = _ok(open_app(Role.officer, "queue"))
    table = at.dataframe[0].value
    expected = triage_queue(env.client(), env.settings, QueueFilter(), size=50)
    assert list(table["Mã hồ sơ"]) == [c.id for c in expected.cases]
    assert list(table["Ưu tiên"]) == sorted(table["Ưu tiên"], reverse=True)
    assert f"{expected.total} hồ sơ" in texts(at)
    assert env.closed not in set(table["Mã hồ sơ"])
    assert table["Liên kết"].str.startswith("case?id=HCM-").all()
    assert table["Thời hạn"].str.contains("Trong hạn|Sắp đến hạn|Quá hạn").all()


def test_queue_filters_by_legal_type_and_text(env: OfficerIndex):
    at = open_app(Role.officer, "queue")
    at.selectbox(key="q_legal").set_value("to_cao").run()
    assert list(_ok(at).dataframe[0].value["Mã hồ sơ"]) == [env.denunciation]
    at.selectbox(key="q_legal").set_value(None)
    at.text_input(key="q_text").input("karaoke").run()
    assert list(_ok(at).dataframe[0].value["Mã hồ sơ"]) == [env.karaoke]
    at.text_input(key="q_text").input("").run()
    at.selectbox(key="q_urgency").set_value("high").run()
    urgent = list(_ok(at).dataframe[0].value["Mã hồ sơ"])
    assert urgent and all(get_case(env.client(), env.settings, i).case.urgency == "high" for i in urgent)
    assert env.flood_case in urgent


def test_a_unit_handler_sees_only_their_units_cases(env: OfficerIndex):
    handler = USERS[Role.unit_handler]
    at = _ok(open_app(Role.unit_handler, "queue"))
    ids = set(at.dataframe[0].value["Mã hồ sơ"])
    theirs = triage_queue(env.client(), env.settings, QueueFilter(), policy_filters=case_filters(handler))
    assert ids == {c.id for c in theirs.cases} and ids
    assert all(get_case(env.client(), env.settings, i).case.unit == handler.unit for i in ids)
    assert set(at.dataframe[0].value["Đơn vị"]) == {"UBND Phường Bến Thành"}
    other = open_case(env.flood_case, role=Role.unit_handler)
    assert "Không có quyền truy cập" in other.error[0].value
    assert REPORTER[2] not in _shown(other)


def test_bulk_assign_from_the_queue(env: OfficerIndex):
    at = open_app(Role.supervisor, "queue")
    chosen = [env.karaoke, env.flood_case]
    at.multiselect(key="q_selected").set_value(chosen)
    at.selectbox(key="q_assignee").set_value("canbo.minh").run()
    _button(at, "q_assign").click().run()
    _ok(at)
    assert "2 hồ sơ đã cập nhật." in texts(at)
    for case_id in chosen:
        case = get_case(env.client(), env.settings, case_id).case
        assert case.assignee == "canbo.minh" and case.status == "assigned"
    assert get_case(env.client(), env.settings, env.flood_case).case.reporters, "bulk assign kept the reporters"


# --- case detail ---------------------------------------------------------------------------------

def test_case_header_timeline_linked_items_and_audited_reporters(env: OfficerIndex):
    at = _ok(open_case(env.flood_case))
    shown = _shown(at)
    assert at.title[0].value == env.flood_case
    assert "Thoát nước Đô thị" in shown and "Quy tắc chuyển: `ngap-nuoc`" in shown
    assert "Phường Bình Thạnh \\(26929\\)" in shown
    assert "Sự việc `inc-officer-ngap`" in shown
    assert "Nhà tôi ở Bình Thạnh, cứ mưa là ngập tới đầu gối" in shown
    assert REPORTER[2] in shown and "merge" in shown
    views = search_audit(env.client(), env.settings, actor="canbo.lan", action="case.view_personal_data",
                         target_id=env.flood_case)
    assert views.total >= 1


def test_a_denouncers_identity_is_hidden_from_an_officer_not_assigned(env: OfficerIndex):
    case = get_case(env.client(), env.settings, env.denunciation).case
    assert case.legal_type == "to_cao" and case.assignee == "canbo.lan" and case.reporters
    phone = case.reporters[0].phone
    before = search_audit(env.client(), env.settings, actor="canbo.minh", target_id=env.denunciation).total
    other = _ok(open_case(env.denunciation, user=MINH))
    assert phone not in _shown(other) and case.reporters[0].name not in _shown(other)
    assert "Thông tin người phản ánh được ẩn" in texts(other)
    assert search_audit(env.client(), env.settings, actor="canbo.minh", target_id=env.denunciation).total == before
    assigned = _ok(open_case(env.denunciation, role=Role.officer))
    assert phone in _shown(assigned)
    supervisor = _ok(open_case(env.denunciation, role=Role.supervisor))
    assert phone in _shown(supervisor)


def test_assign_reply_from_a_template_and_resolve(env: OfficerIndex):
    at = _ok(open_case(env.karaoke))
    at.selectbox(key="case_w_assignee").set_value("canbo.lan")
    _button(at, "case_w_assign").click().run()
    assert "Đã lưu." in texts(_ok(at))
    at.selectbox(key="case_w_template").set_value("da-tiep-nhan").run()
    draft = at.text_area(key="case_w_reply").value
    assert env.karaoke in draft and "Phường Bình Thạnh" in draft and "{" not in draft
    _button(at, "case_w_reply_save").click().run()
    _button(_ok(at), "case_w_move_in_progress").click().run()
    _button(_ok(at), "case_w_move_resolved").click().run()
    stored = get_case(env.client(), env.settings, env.karaoke).case
    assert (stored.status, stored.assignee, stored.reply) == ("resolved", "canbo.lan", draft)
    assert stored.reporters, "the page's writes keep the reporters"
    assert [e.action for e in stored.history][-4:] == ["assign", "reply", "transition", "transition"]
    assert {b.key for b in _ok(at).button if b.key and b.key.startswith("case_w_move_")} == {
        "case_w_move_closed", "case_w_move_reopened"}


def test_two_officers_editing_one_case_the_second_gets_the_conflict(env: OfficerIndex):
    case_id = env.denunciation
    lan, minh = open_case(case_id), open_case(case_id, user=MINH)
    _button(lan.text_area(key="case_w_note").input("Đã xác minh hiện trường lần 1.").run(), "case_w_note_add"
            ).click().run()
    assert "Đã lưu." in texts(_ok(lan))
    minh.text_area(key="case_w_note").input("Ghi chú của anh Minh.").run()
    _button(minh, "case_w_note_add").click().run()
    assert CONFLICT in minh.error[0].value
    stored = get_case(env.client(), env.settings, case_id).case
    assert [n.text for n in stored.notes][-1] == "Đã xác minh hiện trường lần 1."
    assert "Ghi chú của anh Minh." not in [n.text for n in stored.notes]
    assert stored.reporters[0].phone not in _shown(minh), "the newer state is shown as Minh may see it"
    _button(minh, "case_reload").click().run()
    assert not minh.error
    assert minh.text_area(key="case_w_note").value == "Ghi chú của anh Minh.", "the typed note survives the reload"
    _button(minh, "case_w_note_add").click().run()
    assert [n.text for n in get_case(env.client(), env.settings, case_id).case.notes][-1] == "Ghi chú của anh Minh."


def test_reject_needs_a_reason_and_illegal_moves_are_not_offered(env: OfficerIndex):
    closed = _ok(open_case(env.closed))
    assert {b.key for b in closed.button if b.key and b.key.startswith("case_w_")} == {
        "case_w_move_reopened", "case_w_note_add", "case_w_reply_save", "case_w_correct"}
    from store.cases import linked_case_id

    case_id = linked_case_id(env.client(), env.settings, "request:demo-014")
    at = _ok(open_case(case_id))
    _button(at, "case_w_reject").click().run()
    assert "Từ chối cần lý do" in at.error[0].value
    at.text_input(key="case_w_reject_reason").input("Nội dung đã được trả lời tại hồ sơ trước.").run()
    _button(at, "case_w_reject").click().run()
    assert get_case(env.client(), env.settings, case_id).case.status == "rejected"


def test_merge_a_duplicate_into_a_master_case(env: OfficerIndex):
    from store.cases import linked_case_id

    dup = linked_case_id(env.client(), env.settings, "request:demo-018")
    master = linked_case_id(env.client(), env.settings, "request:demo-017")
    at = _ok(open_case(dup, role=Role.supervisor))
    at.text_input(key="case_w_master").input(master).run()
    _button(at, "case_w_merge").click().run()
    _ok(at)
    assert get_case(env.client(), env.settings, dup).case.master_id == master
    assert "request:demo-018" not in get_case(env.client(), env.settings, master).case.linked_requests
    assert "demo-018" in get_case(env.client(), env.settings, master).case.linked_requests


def test_a_label_correction_is_stored_for_retraining(env: OfficerIndex):
    from store.feedback import corrections

    at = _ok(open_case(env.karaoke))
    at.selectbox(key="case_w_task").set_value("topic").run()
    at.selectbox(key="case_w_label_topic").set_value("trat_tu_do_thi").run()
    _button(at, "case_w_correct").click().run()
    assert "Đã lưu: Chủ đề" in texts(_ok(at))
    saved = {c.id: c for c in corrections(env.client(), env.settings, "topic")}
    correction = saved[f"topic:{env.karaoke}"]
    assert (correction.label, correction.predicted, correction.corrected_by) == ("trat_tu_do_thi", "tieng_on",
                                                                                 "canbo.lan")


# --- units ---------------------------------------------------------------------------------------

def test_units_table_and_xlsx_export(env: OfficerIndex):
    from openpyxl import load_workbook

    at = _ok(open_app(Role.supervisor, "units"))
    table = at.dataframe[0].value
    assert table.iloc[-1]["Đơn vị"] == "Tổng cộng"
    assert table.iloc[-1]["Tiếp nhận"] == table.iloc[:-1]["Tiếp nhận"].sum() >= 20
    assert "Công ty TNHH MTV Thoát nước Đô thị TP.HCM" in set(table["Đơn vị"])
    from dashboard.pages.units import unit_rows, xlsx_bytes
    from notify.monthly import Month
    from store.cases import units_report

    month = Month(env.now.year, env.now.month)
    rows = unit_rows(units_report(env.client(), env.settings, start=month.start, end=month.end, now=env.now))
    sheet = load_workbook(io.BytesIO(xlsx_bytes(rows, month))).active
    assert sheet["A1"].value.startswith("Báo cáo tình hình tiếp nhận")
    assert [c.value for c in sheet[sheet.max_row]][:2] == ["Tổng cộng", rows[-1]["received"]]


def test_a_unit_handler_gets_only_their_row(env: OfficerIndex):
    at = _ok(open_app(Role.unit_handler, "units"))
    assert list(at.dataframe[0].value["Đơn vị"]) == ["UBND Phường Bến Thành", "Tổng cộng"]
