"""Cases against the real Elasticsearch: ids, idempotent opening, conflicts, workflow, merge."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from core.case_schema import CaseStatus
from core.errors import InvalidInput
from core.schema import Place
from store.cases import CaseConflict, get_case, next_case_id, triage_queue
from tests.triage.conftest import NOW, OFFICER_A, OFFICER_B, SUPERVISOR, request
from triage.cases import add_note, assign, bulk_assign, merge_duplicate, open_case_from_request, set_reply, transition
from triage.policy import SYSTEM
from triage.workflow import IllegalTransition

pytestmark = pytest.mark.integration

WARD = Place(mention="Phường Bến Thành", ward_code="26743", ward="Phường Bến Thành", old_district="Quận 1")


def test_request_becomes_a_case_with_readable_id_route_deadline_and_reporter(triage_es, settings):
    opened = open_case_from_request(triage_es, settings, request(), now=NOW, actor=SYSTEM, place=WARD)
    case = opened.case
    assert case.id == "HCM-2026-000001"
    assert case.status == CaseStatus.new and case.linked_requests == ["42"]
    assert (case.unit, case.routing_rule) == ("ubnd-26743", "moi-truong-phuong")
    assert case.deadline_rule == "phan-anh-kien-nghi" and case.due_at > case.received_at
    assert case.reporters[0].name == "Văn An Nguyễn" and case.reporters[0].phone == "0903123456"
    assert {f.factor for f in case.priority_factors} >= {"urgency", "legal_type"}
    assert get_case(triage_es, settings, case.id).case == case


def test_same_request_never_makes_two_cases(triage_es, settings):
    first = open_case_from_request(triage_es, settings, request("7"), now=NOW, actor=SYSTEM)
    again = open_case_from_request(triage_es, settings, request("7"), now=NOW + timedelta(hours=1), actor=SYSTEM)
    assert again.case.id == first.case.id
    triage_es.indices.refresh(index=settings.index_alias("cases"))
    assert triage_es.count(index=settings.index_alias("cases"))["count"] == 1


def test_concurrent_writers_get_distinct_sequential_ids(triage_es, settings):
    ids: list[str] = []

    def take():
        for _ in range(5):
            ids.append(next_case_id(triage_es, settings, 2026))

    threads = [threading.Thread(target=take) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(ids) == [f"HCM-2026-{n:06d}" for n in range(1, 21)]


def test_concurrent_opening_of_one_request_makes_one_case(triage_es, settings):
    results = []
    threads = [threading.Thread(target=lambda: results.append(
        open_case_from_request(triage_es, settings, request("99"), now=NOW, actor=SYSTEM).case.id)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1
    triage_es.indices.refresh(index=settings.index_alias("cases"))
    assert triage_es.count(index=settings.index_alias("cases"))["count"] == 1


def test_two_officers_editing_one_case_second_gets_the_conflict(triage_es, settings):
    created = open_case_from_request(triage_es, settings, request(), now=NOW, actor=SYSTEM)
    lan_opened = get_case(triage_es, settings, created.case.id)
    minh_opened = get_case(triage_es, settings, created.case.id)
    assign(triage_es, settings, lan_opened, "lan", actor=OFFICER_A, now=NOW)
    with pytest.raises(CaseConflict) as raised:
        add_note(triage_es, settings, minh_opened, "Đã gọi điện cho người dân", actor=OFFICER_B, now=NOW)
    assert "changed since you opened it" in raised.value.message
    assert raised.value.current.case.assignee == "lan"      # the newer state comes with the error
    stored = get_case(triage_es, settings, created.case.id).case
    assert stored.notes == [] and stored.assignee == "lan"  # nothing silently overwritten


def test_full_workflow_and_on_time_flag(triage_es, settings):
    v = open_case_from_request(triage_es, settings, request(), now=NOW, actor=SYSTEM)
    v = assign(triage_es, settings, v, "lan", actor=SUPERVISOR, now=NOW)
    v = transition(triage_es, settings, v, CaseStatus.in_progress, actor=OFFICER_A, now=NOW)
    v = set_reply(triage_es, settings, v, "Phường đã thu gom rác, cảm ơn anh.", actor=OFFICER_A, now=NOW)
    v = transition(triage_es, settings, v, CaseStatus.resolved, actor=OFFICER_A, now=NOW + timedelta(days=1))
    assert v.case.resolved_on_time is True
    v = transition(triage_es, settings, v, CaseStatus.closed, actor=OFFICER_A, now=NOW + timedelta(days=2))
    v = transition(triage_es, settings, v, CaseStatus.reopened, actor=OFFICER_A, now=NOW + timedelta(days=3))
    actions = [(e.action, e.to_status) for e in v.case.history]
    assert actions[-1] == ("transition", CaseStatus.reopened) and len(actions) == 7
    assert v.case.resolved_at is None


@pytest.mark.parametrize(("path", "target"), [((), CaseStatus.resolved), ((), CaseStatus.closed),
                                              ((CaseStatus.rejected,), CaseStatus.in_progress)])
def test_illegal_transitions_are_refused_in_both_languages(triage_es, settings, path, target):
    v = open_case_from_request(triage_es, settings, request(), now=NOW, actor=SYSTEM)
    for step in path:
        v = transition(triage_es, settings, v, step, actor=OFFICER_A, now=NOW, reason="Không thuộc thẩm quyền")
    with pytest.raises(IllegalTransition) as raised:
        transition(triage_es, settings, v, target, actor=OFFICER_A, now=NOW)
    assert "Không thể chuyển" in raised.value.message and "cannot go from" in raised.value.message
    assert get_case(triage_es, settings, v.case.id).case.status == v.case.status


def test_rejection_needs_a_reason_and_assigned_needs_an_assignee(triage_es, settings):
    v = open_case_from_request(triage_es, settings, request(), now=NOW, actor=SYSTEM)
    with pytest.raises(InvalidInput, match="no assignee"):
        transition(triage_es, settings, v, CaseStatus.assigned, actor=OFFICER_A, now=NOW)
    with pytest.raises(InvalidInput):
        transition(triage_es, settings, v, CaseStatus.rejected, actor=OFFICER_A, now=NOW, reason=" ")
    v = transition(triage_es, settings, v, CaseStatus.rejected, actor=OFFICER_A, now=NOW, reason="Trùng nội dung đã trả lời")
    assert v.case.reject_reason == "Trùng nội dung đã trả lời"


def test_duplicate_merges_links_and_reporters_into_master(triage_es, settings):
    master = open_case_from_request(triage_es, settings, request("1"), now=NOW, actor=SYSTEM)
    dup = open_case_from_request(triage_es, settings, request("2", first_name="Thị Bình", last_name="Lê",
                                                              phone="0912000111"), now=NOW, actor=SYSTEM)
    new_dup, new_master = merge_duplicate(triage_es, settings, dup, master, actor=OFFICER_A, now=NOW)
    assert new_dup.case.status == CaseStatus.duplicate and new_dup.case.master_id == master.case.id
    assert new_master.case.linked_requests == ["1", "2"] and new_master.case.merged_ids == [dup.case.id]
    assert [r.name for r in new_master.case.reporters] == ["Văn An Nguyễn", "Thị Bình Lê"]
    assert new_master.case.priority > master.case.priority   # two people report it now
    with pytest.raises(IllegalTransition):
        transition(triage_es, settings, new_dup, CaseStatus.reopened, actor=OFFICER_A, now=NOW)


def test_bulk_assign_reports_each_case(triage_es, settings):
    ids = [open_case_from_request(triage_es, settings, request(str(n)), now=NOW, actor=SYSTEM).case.id for n in range(3)]
    closed = get_case(triage_es, settings, ids[2])
    transition(triage_es, settings, closed, CaseStatus.rejected, actor=OFFICER_A, now=NOW, reason="Spam")
    results = bulk_assign(triage_es, settings, [*ids, "HCM-2026-999999"], "minh", actor=SUPERVISOR, now=NOW)
    assert results[ids[0]] == results[ids[1]] == "ok"
    assert "Không thể chuyển" in results[ids[2]] and "No case" in results["HCM-2026-999999"]
    page = triage_queue(triage_es, settings)
    assert {c.id for c in page.cases} == set(ids[:2]) and all(c.assignee == "minh" for c in page.cases)


def test_recurrence_flags_a_case_that_came_back(triage_es, settings):
    first = open_case_from_request(triage_es, settings, request("1"), now=NOW, actor=SYSTEM, place=WARD)
    v = assign(triage_es, settings, first, "lan", actor=OFFICER_A, now=NOW)
    v = transition(triage_es, settings, v, CaseStatus.in_progress, actor=OFFICER_A, now=NOW)
    transition(triage_es, settings, v, CaseStatus.resolved, actor=OFFICER_A, now=NOW + timedelta(days=1))
    later = NOW + timedelta(days=settings.recurrence_days - 5)
    back = open_case_from_request(triage_es, settings, request("2", when=later), now=later, actor=SYSTEM, place=WARD)
    assert back.case.came_back_from == first.case.id
    far = NOW + timedelta(days=settings.recurrence_days + 10)
    fresh = open_case_from_request(triage_es, settings, request("3", when=far), now=far, actor=SYSTEM, place=WARD)
    assert fresh.case.came_back_from is None


def test_a_stored_service_request_model_opens_a_case_with_its_personal_data(triage_es, settings):
    from core.service_request import Channel as RequestChannel
    from core.service_request import Personal, ServiceRequest

    stored = ServiceRequest(service_request_id="1022-5581", channel=RequestChannel.hotline_1022,
                            service_code="dien_nuoc_vien_thong", requested_datetime=NOW,
                            description="Mất nước sinh hoạt từ tối qua ở hẻm 12 Lê Văn Sỹ",
                            address="hẻm 12 Lê Văn Sỹ", personal=Personal(first_name="Thu", last_name="Hà",
                                                                           phone="0909000111"))
    case = open_case_from_request(triage_es, settings, stored, now=NOW, actor=SYSTEM).case
    assert case.linked_requests == ["1022-5581"] and case.unit == "sawaco" and case.routing_rule == "cap-nuoc"
    assert (case.reporters[0].name, case.reporters[0].phone) == ("Thu Hà", "0909000111")
    assert case.deadline_rule == "phan-anh-dien-nuoc"


def test_a_request_without_description_is_refused_and_nothing_is_written(triage_es, settings):
    with pytest.raises(InvalidInput, match="no description"):
        open_case_from_request(triage_es, settings, request("5", text=" ") | {"description": ""}, now=NOW, actor=SYSTEM)
    triage_es.indices.refresh(index=settings.index_alias("cases"))
    assert triage_es.count(index=settings.index_alias("cases"))["count"] == 0


def test_cli_users_add_writes_only_a_hash(settings, tmp_path):
    from tests.helpers import settings_env

    users = tmp_path / "users.yaml"
    env = settings_env(settings, LANGNGHE_USERS_FILE=str(users))
    result = subprocess_input(["users", "add", "--name", "lan", "--role", "officer", "--password-stdin"], env,
                              "mot-mat-khau-dai\n")
    assert result.returncode == 0, result.stderr
    assert "$argon2id$" in users.read_text() and "mot-mat-khau-dai" not in users.read_text()
    bad = subprocess_input(["users", "add", "--name", "x", "--role", "unit_handler", "--password-stdin"], env,
                           "mot-mat-khau-dai\n")
    assert bad.returncode == 2 and "unit_handler needs --unit" in bad.stderr


def subprocess_input(args: list[str], env: dict, stdin: str):
    import subprocess
    import sys

    from tests.helpers import ROOT

    return subprocess.run([sys.executable, "-m", "cli.main", *args], env=env, cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=120)
