"""What the pages and digests call for a signed-in user: the store's queries with the policy applied.

Each function filters by ``case_filters(user)``, passes every case through ``visible_case`` and
takes the clock as an argument, so a page cannot forget a rule by calling the store directly.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from elasticsearch import Elasticsearch

from core.case_schema import Case
from core.settings import Settings
from store.audit import AuditPage, search_audit
from store.cases import QueueFilter, UnitRow, triage_queue, units_report
from triage.deadlines import ClockState, clock_state
from triage.policy import AccessDenied, User, can_read_audit, case_filters, visible_case
from triage.routing import unit_name


@dataclass(frozen=True)
class QueueRow:
    case: Case
    clock: ClockState


@dataclass(frozen=True)
class QueueView:
    total: int
    rows: list[QueueRow]


def queue_for(client: Elasticsearch, settings: Settings, user: User, f: QueueFilter = QueueFilter(), *,
              now: datetime, size: int = 50, offset: int = 0) -> QueueView:
    """The triage queue as ``user`` may see it, each case with its deadline clock at ``now``."""
    page = triage_queue(client, settings, f, policy_filters=case_filters(user), size=size, offset=offset)
    rows = [QueueRow(shown, clock_state(settings, shown, now)) for c in page.cases
            if (shown := visible_case(c, user)) is not None]
    return QueueView(page.total, rows)


def units_table_for(client: Elasticsearch, settings: Settings, user: User, *, start: datetime, end: datetime,
                    now: datetime) -> list[dict[str, Any]]:
    """The monthly 1022-style table, one dict per unit with its display name."""
    rows: list[UnitRow] = units_report(client, settings, start=start, end=end, now=now,
                                       policy_filters=case_filters(user))
    return [{"unit_name": unit_name(settings, r.unit), **r.as_dict()} for r in rows]


def audit_for(client: Elasticsearch, settings: Settings, user: User, **filters: Any) -> AuditPage:
    """Audit search, for admins only."""
    if not can_read_audit(user):
        raise AccessDenied(f"{user.name} ({user.role}) không được xem nhật ký / may not read the audit log.")
    return search_audit(client, settings, **filters)
