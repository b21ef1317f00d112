"""Fixtures of the triage tests: the triage indices under the test's own prefix, users, a clock."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from triage.policy import Role, User

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)

OFFICER_A = User("lan", Role.officer, display_name="Nguyễn Thị Lan")
OFFICER_B = User("minh", Role.officer, display_name="Trần Văn Minh")
SUPERVISOR = User("hoa", Role.supervisor)
ADMIN = User("admin", Role.admin)
COMMS = User("thu", Role.communications)


@pytest.fixture
def triage_es(es, settings):
    from triage.cases import ensure_triage_indices

    ensure_triage_indices(es, settings)
    return es


def request(rid: str = "42", *, code: str = "moi_truong", when: datetime = NOW, text: str | None = None,
            **extra) -> dict:
    return {"service_request_id": rid, "service_code": code, "requested_datetime": when,
            "description": text or "Rác thải đổ bừa bãi trước hẻm 45 đường Nguyễn Trãi, bốc mùi hôi thối nhiều ngày.",
            "address": "45 Nguyễn Trãi, Phường Bến Thành", "first_name": "Văn An", "last_name": "Nguyễn",
            "email": "an.nguyen@example.vn", "phone": "0903123456", **extra}
