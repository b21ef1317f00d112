"""The policy-applied views the pages call."""
from __future__ import annotations

import pytest

from tests.triage.conftest import ADMIN, COMMS, NOW, OFFICER_A, SUPERVISOR
from triage.demo import seed_demo
from triage.policy import AccessDenied, Role, User
from triage.views import audit_for, queue_for, units_table_for

pytestmark = pytest.mark.integration


def test_views_apply_the_policy(triage_es, settings):
    seed_demo(triage_es, settings, now=NOW)
    handler = User("sawaco.cskh", Role.unit_handler, unit="sawaco")
    assert {r.case.unit for r in queue_for(triage_es, settings, handler, now=NOW).rows} == {"sawaco"}
    comms = queue_for(triage_es, settings, COMMS, now=NOW, size=100)
    assert comms.rows and all(r.case.reporters == [] and r.case.notes == [] for r in comms.rows)
    officer = queue_for(triage_es, settings, OFFICER_A, now=NOW, size=100)
    by_id = {r.case.id: r.case for r in officer.rows}
    denunciation = next(c for c in by_id.values() if c.legal_type == "to_cao")
    assert denunciation.assignee == "canbo.lan" and denunciation.reporters == []   # assigned to canbo.lan, not lan
    assert next(r for r in officer.rows if r.case.legal_type != "to_cao").case.reporters
    supervisor = {r.case.id: r.case for r in queue_for(triage_es, settings, SUPERVISOR, now=NOW, size=100).rows}
    assert supervisor[denunciation.id].reporters
    table = units_table_for(triage_es, settings, OFFICER_A, start=NOW.replace(month=2, day=1),
                            end=NOW.replace(month=4, day=1), now=NOW)
    assert any(r["unit_name"].startswith("Tổng công ty Cấp nước") for r in table)
    assert audit_for(triage_es, settings, ADMIN, action="case.create").total == 20
    with pytest.raises(AccessDenied):
        audit_for(triage_es, settings, SUPERVISOR)
