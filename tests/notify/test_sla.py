from datetime import UTC, datetime, timedelta

import pytest

from core.notify_schema import Subscription
from notify.sla import sla_sweep
from store import notify as store
from triage.cases import ensure_triage_indices, open_case_from_request
from triage.policy import Role, User

pytestmark = pytest.mark.integration

RECEIVED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday


def _case(es, settings, rid: str):
    return open_case_from_request(es, settings, {
        "service_request_id": rid, "service_code": "moi_truong", "description": "Rác thải ứ đọng đầu hẻm 45 nhiều ngày",
        "requested_datetime": RECEIVED.isoformat()}, now=RECEIVED, actor=User("intake", Role.admin)).case


def test_each_case_state_is_told_once_to_its_unit(es, notify_settings, mail_sink):
    settings = notify_settings
    ensure_triage_indices(es, settings)
    store.ensure_notify_indices(es, settings)
    case = _case(es, settings, "r-1")
    es.indices.refresh(index=settings.index_alias("cases"))
    store.save_subscription(es, settings, Subscription(email="don.vi@example.vn", groups=[f"unit:{case.unit}"]))
    store.save_subscription(es, settings, Subscription(email="lanh.dao@example.vn", groups=["role:supervisor"]))

    early = sla_sweep(es, settings, RECEIVED + timedelta(hours=1))
    assert (early.open_cases, early.at_risk, early.overdue, early.noticed) == (1, 0, 0, [])

    late = case.due_at + timedelta(hours=1)
    first = sla_sweep(es, settings, late)
    again = sla_sweep(es, settings, late + timedelta(minutes=15))
    assert (first.overdue, first.noticed) == (1, [f"{case.id}:overdue"])
    assert (again.overdue, again.noticed) == (1, [])  # told once
    messages = mail_sink.messages()
    assert sorted(m["To"] for m in messages) == ["don.vi@example.vn", "lanh.dao@example.vn"]
    assert case.id in messages[0]["Subject"] and "quá hạn" in messages[0]["Subject"]
