"""A case opened with personal data hidden can never be written back (it would drop the reporters)."""
from datetime import UTC, datetime

import pytest

from core.errors import InvalidInput
from store.cases import get_case
from triage.cases import assign, ensure_triage_indices, open_case_from_request, view_case
from triage.policy import Role, User

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
SUPERVISOR = User("giamsat", Role.supervisor)


def test_a_redacted_view_cannot_be_saved(es, settings):
    ensure_triage_indices(es, settings)
    opened = open_case_from_request(es, settings, {
        "service_request_id": "r-77", "service_code": "an_ninh_trat_tu", "description": "Tố cáo cán bộ phường nhận tiền",
        "requested_datetime": NOW.isoformat(), "first_name": "An", "phone": "0909123456"},
        now=NOW, actor=SUPERVISOR, legal_type="to_cao")
    officer = User("canbo", Role.officer)
    shown = view_case(es, settings, opened.case.id, user=officer, now=NOW)
    assert shown.redacted and not shown.case.reporters
    with pytest.raises(InvalidInput, match="personal data hidden"):
        assign(es, settings, shown, "canbo", actor=SUPERVISOR, now=NOW)
    assert get_case(es, settings, opened.case.id).case.reporters[0].name == "An"
