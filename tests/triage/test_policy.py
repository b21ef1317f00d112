"""Roles and privacy: each role sees only what it may, through the real index and the audit."""
from __future__ import annotations

import pytest

from core.errors import InvalidInput
from core.schema import Place
from core.settings import Settings
from store.audit import search_audit
from store.cases import get_case, triage_queue, units_report
from tests.triage.conftest import ADMIN, COMMS, NOW, OFFICER_A, OFFICER_B, SUPERVISOR, request
from triage.cases import assign, open_case_from_request, view_case
from triage.policy import SYSTEM, AccessDenied, Role, User, case_filters, pseudonymise, visible_author, visible_case
from triage.users import AuthenticationFailed, add_user, authenticate, load_users, user_from_oidc

WARD = Place(mention="Phường Bến Thành", ward_code="26743", ward="Phường Bến Thành")
HANDLER = User("ubnd-bt", Role.unit_handler, unit="ubnd-26743")
OTHER_HANDLER = User("sawaco-1", Role.unit_handler, unit="sawaco")


@pytest.fixture
def cases(triage_es, settings):
    plain = open_case_from_request(triage_es, settings, request("1"), now=NOW, actor=SYSTEM, place=WARD)
    denunciation = open_case_from_request(triage_es, settings, request(
        "2", code="trat_tu_do_thi", text="Tố cáo cán bộ phường nhận tiền để bỏ qua công trình xây dựng trái phép",
        first_name="Thị Cúc", last_name="Phạm", phone="0987654321"), legal_type="to_cao", now=NOW, actor=SYSTEM,
        place=WARD)
    denunciation = assign(triage_es, settings, denunciation, "lan", actor=SUPERVISOR, now=NOW)
    water = open_case_from_request(triage_es, settings, request("3", code="dien_nuoc_vien_thong",
                                                                 text="Mất nước sinh hoạt ba ngày ở hẻm 12"),
                                   now=NOW, actor=SYSTEM)
    return plain.case, denunciation.case, water.case


@pytest.mark.integration
def test_each_role_sees_only_what_it_may(cases):
    plain, denunciation, water = cases
    assert plain.unit == denunciation.unit == "ubnd-26743" and water.unit == "sawaco"
    # communications: the case, but no personal data, notes or reply
    for case in cases:
        shown = visible_case(case, COMMS)
        assert shown is not None and shown.reporters == [] and shown.notes == [] and shown.reply is None
    # officer: personal data, except a denouncer's unless the case is assigned to them
    assert visible_case(plain, OFFICER_B).reporters[0].phone == "0903123456"
    assert visible_case(denunciation, OFFICER_B).reporters == []
    assert visible_case(denunciation, OFFICER_A).reporters[0].name == "Thị Cúc Phạm"   # the assigned handler
    # supervisor sees the denouncer; admin does not
    assert visible_case(denunciation, SUPERVISOR).reporters[0].phone == "0987654321"
    assert visible_case(denunciation, ADMIN).reporters == [] and visible_case(plain, ADMIN).reporters
    # unit handler: their unit's cases only
    assert visible_case(water, HANDLER) is None and visible_case(plain, HANDLER).reporters
    assert visible_case(water, OTHER_HANDLER) is not None and visible_case(plain, OTHER_HANDLER) is None


@pytest.mark.integration
def test_unit_handler_queries_are_filtered_to_their_unit(triage_es, settings, cases):
    page = triage_queue(triage_es, settings, policy_filters=case_filters(HANDLER))
    assert {c.unit for c in page.cases} == {"ubnd-26743"} and page.total == 2
    assert triage_queue(triage_es, settings, policy_filters=case_filters(OFFICER_A)).total == 3
    rows = units_report(triage_es, settings, start=NOW.replace(day=1), end=NOW.replace(month=4, day=1), now=NOW,
                        policy_filters=case_filters(OTHER_HANDLER))
    assert [r.unit for r in rows] == ["sawaco"]


@pytest.mark.integration
def test_viewing_personal_data_is_audited_and_refusals_are_clear(triage_es, settings, cases):
    plain, denunciation, water = cases
    view_case(triage_es, settings, plain.id, user=OFFICER_B, now=NOW)
    shown = view_case(triage_es, settings, denunciation.id, user=OFFICER_B, now=NOW)
    assert shown.case.reporters == []
    with pytest.raises(AccessDenied):
        view_case(triage_es, settings, water.id, user=HANDLER, now=NOW)
    views = search_audit(triage_es, settings, actor="minh", action="case.view_personal_data")
    assert [e.target_id for e in views.events] == [plain.id]
    assert views.events[0].personal_data is True


@pytest.mark.integration
def test_communications_cannot_change_a_case_and_handlers_only_their_units(triage_es, settings, cases):
    plain, _, water = cases
    with pytest.raises(AccessDenied):
        assign(triage_es, settings, get_case(triage_es, settings, plain.id), "thu", actor=COMMS, now=NOW)
    with pytest.raises(AccessDenied):
        assign(triage_es, settings, get_case(triage_es, settings, water.id), "x", actor=HANDLER, now=NOW)
    assigned = assign(triage_es, settings, get_case(triage_es, settings, plain.id), "ubnd-bt", actor=HANDLER, now=NOW)
    assert assigned.case.assignee == "ubnd-bt"


@pytest.mark.integration
def test_every_action_is_in_the_append_only_audit(triage_es, settings, cases):
    import store.audit as audit

    events = search_audit(triage_es, settings, action="case.assign").events
    assert len(events) == 1 and events[0].before == {"status": "new", "assignee": None} \
        and events[0].after == {"status": "assigned", "assignee": "lan"}
    assert search_audit(triage_es, settings, action="case.create").total == 3
    assert not [n for n in dir(audit) if any(w in n for w in ("delete", "update", "edit", "remove"))]


def test_pseudonyms_are_stable_keyed_and_only_for_communications():
    key = Settings().pseudonym_key
    assert pseudonymise("Nguyễn Văn A", key) == pseudonymise("nguyễn văn a ", key) != pseudonymise("Nguyễn Văn A", "k2")
    assert pseudonymise("Nguyễn Văn A", key).startswith("user-")
    assert visible_author("Nguyễn Văn A", COMMS, key) != "Nguyễn Văn A"
    assert visible_author("Nguyễn Văn A", OFFICER_A, key) == "Nguyễn Văn A"


def test_users_file_holds_only_argon2_hashes_and_authenticates(tmp_path):
    path = tmp_path / "users.yaml"
    add_user(path, name="lan", role="officer", password="mat-khau-dai")
    add_user(path, name="bt", role="unit_handler", unit="ubnd-26743", password="mat-khau-khac")
    text = path.read_text()
    assert "mat-khau" not in text and text.count("$argon2id$") == 2
    settings = Settings(users_file=path)
    assert authenticate(settings, "bt", "mat-khau-khac") == User("bt", Role.unit_handler, "ubnd-26743", "bt")
    with pytest.raises(AuthenticationFailed):
        authenticate(settings, "lan", "wrong-password")
    with pytest.raises(AuthenticationFailed):
        authenticate(settings, "nobody", "mat-khau-dai")
    with pytest.raises(InvalidInput):
        add_user(path, name="x", role="unit_handler", password="mat-khau-dai")   # a handler needs a unit
    assert [u.name for u in load_users(path)] == ["lan", "bt"]


def test_shipped_demo_users_file_is_valid():
    users = load_users(Settings().users_file)
    assert {u.role for u in users} == set(Role)


def test_oidc_groups_map_to_the_strongest_role():
    settings = Settings(oidc_provider="keycloak", oidc_role_map={"hcm-officers": "officer", "hcm-sup": "supervisor"})
    user = user_from_oidc(settings, {"email": "a@hcm.gov.vn", "groups": ["hcm-officers", "hcm-sup"]})
    assert user.role == Role.supervisor and user.name == "a@hcm.gov.vn"
    with pytest.raises(AuthenticationFailed):
        user_from_oidc(settings, {"email": "b@hcm.gov.vn", "groups": ["other"]})
