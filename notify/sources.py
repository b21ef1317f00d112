"""What digests read from triage: the cases due and overdue, and the top incidents, of a group.

Kept apart from ``notify.digest`` so the digest itself depends only on the posts and alerts
indices; this module wires in the triage indices (cases, incidents) through their store queries.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

from core.settings import Settings
from notify.digest import DayReport, Group, build_day

TOP_INCIDENTS = 3
CASES_SHOWN = 50


def _case_row(case: Any) -> dict[str, Any]:
    return {"id": case.id, "title": case.title, "unit": case.unit, "due_at": case.due_at, "priority": case.priority}


def case_source(client: Elasticsearch, settings: Settings):
    """Cases of a group (its unit, or its ward; roles see every unit): due by the end of the
    digest's day, and overdue at the digest's time."""
    from store.cases import QueueFilter, triage_queue

    def cases(group: Group, start: datetime, end: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        scope = {"unit": group.unit, "ward_code": group.ward_code}
        overdue = triage_queue(client, settings, QueueFilter(due_before=end, **scope), size=CASES_SHOWN).cases
        due = triage_queue(client, settings, QueueFilter(due_before=end + timedelta(days=1), **scope), size=CASES_SHOWN).cases
        overdue_ids = {c.id for c in overdue}
        return [_case_row(c) for c in due if c.id not in overdue_ids], [_case_row(c) for c in overdue]

    return cases


def incident_source(client: Elasticsearch, settings: Settings):
    """The largest incidents seen in the digest's period (in the group's ward, if a ward)."""
    from store.incidents import get_incident, list_incidents

    def incidents(group: Group, start: datetime, end: datetime) -> list[dict[str, Any]]:
        page = list_incidents(client, settings, ward_code=group.ward_code, since=start, size=TOP_INCIDENTS * 3)
        rows = []
        for incident in page.incidents:
            if incident.first_seen >= end:
                continue
            full = get_incident(client, settings, incident.id)
            rows.append({"id": incident.id, "title": incident.title[:160], "count": incident.count, "ward": incident.ward,
                         "first_seen": incident.first_seen, "last_seen": incident.last_seen, "texts": full.texts})
            if len(rows) == TOP_INCIDENTS:
                break
        return rows

    return incidents


def build_day_with_triage(client: Elasticsearch, settings: Settings, day: date, *, out: Path | None = None,
                          send_mail: bool = False, groups: list[Group] | None = None) -> DayReport:
    """Every digest of ``day`` with its cases and incidents (what the DAG and `langnghe digest` run)."""
    from triage.cases import ensure_triage_indices

    ensure_triage_indices(client, settings)
    return build_day(client, settings, day, groups=groups, out=out, send_mail=send_mail,
                     cases=case_source(client, settings), incidents=incident_source(client, settings))
