"""The SLA sweep (every 15 minutes): open cases that became at risk or overdue are told to their
unit's and the supervisors' subscribers — once per case and state, whatever the number of runs.
The state comes from ``triage.deadlines.clock_state`` at the run's time, never the wall clock."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from elasticsearch import Elasticsearch

from core.notify_schema import Delivery, SlaNotice
from core.settings import Settings
from notify.mailer import MailFailed, build_message, send
from store import notify as store

STATE_WORDS = {"at_risk": ("sắp đến hạn", "at risk"), "overdue": ("quá hạn", "overdue")}
MAX_CASES = 10_000


@dataclass
class SweepReport:
    at: datetime
    open_cases: int = 0
    at_risk: int = 0
    overdue: int = 0
    noticed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _message(settings: Settings, case, state: str, to: list[str]):
    vi, en = STATE_WORDS[state]
    link = f"{settings.dashboard_url.rstrip('/')}/case?id={case.id}"
    due = case.due_at.isoformat() if case.due_at else "—"
    body = (f"Hồ sơ {case.id} ({case.title}) {vi}: hạn xử lý {due}.\n"
            f"Case {case.id} is {en}: due {due}.\nĐơn vị / unit: {case.unit}\n{link}\n")
    return build_message(settings, to, f"[Lắng Nghe] Hồ sơ {case.id} {vi}", body)


def sla_sweep(client: Elasticsearch, settings: Settings, at: datetime) -> SweepReport:
    from store.cases import QueueFilter, triage_queue
    from triage.cases import ensure_triage_indices
    from triage.deadlines import Clock, clock_state

    ensure_triage_indices(client, settings)
    store.ensure_notify_indices(client, settings)
    report = SweepReport(at)
    page = triage_queue(client, settings, QueueFilter(), size=MAX_CASES)
    report.open_cases = page.total
    for case in page.cases:
        state = clock_state(settings, case, at).state
        if state not in (Clock.at_risk, Clock.overdue):
            continue
        report.at_risk += state is Clock.at_risk
        report.overdue += state is Clock.overdue
        notice = SlaNotice(id=f"{case.id}:{state.value}", case_id=case.id, state=state.value, unit=case.unit,
                           due_at=case.due_at, noticed_at=at)
        if not store.record_notice(client, settings, notice):
            continue  # already told
        recipients = sorted({s.email for group in (f"unit:{case.unit}", "role:supervisor")
                             for s in store.subscribers(client, settings, group, kind="alerts")})
        for address in recipients:
            try:
                send(settings, _message(settings, case, state.value, [address]))
                notice.deliveries.append(Delivery(channel="email", target=address, ok=True))
            except MailFailed as exc:
                notice.deliveries.append(Delivery(channel="email", target=address, ok=False, error=exc.message[:500]))
                report.failed.append(f"{case.id} → {address}")
        store.update_notice(client, settings, notice)
        report.noticed.append(notice.id)
    return report
