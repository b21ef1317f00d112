"""The demo seed (idempotent, every page query has content) and the page/digest queries."""
from __future__ import annotations

import json

import pytest

from core.case_schema import CaseStatus
from core.schema import LegalType
from nlp.places import ward_by_code
from store.audit import search_audit
from store.cases import QueueFilter, count_by_status, get_case, linked_case_id, triage_queue, units_report
from store.incidents import list_incidents
from tests.helpers import langnghe, settings_env
from tests.triage.conftest import NOW
from triage.deadlines import Clock, clock_state
from triage.demo import REPORTS, seed_demo

pytestmark = pytest.mark.integration


def test_demo_places_are_real_wards():
    for report in REPORTS:
        assert ward_by_code(report.place.ward_code).name == report.place.ward, report.rid


def _case_of(es, settings, rid: str):
    return get_case(es, settings, linked_case_id(es, settings, f"request:{rid}")).case


def test_demo_seed_fills_every_page_and_is_idempotent(triage_es, settings):
    first = seed_demo(triage_es, settings, now=NOW)
    assert first["cases_opened"] == len(REPORTS) and first["incidents_created"] > 0
    cases_before = triage_es.count(index=settings.index_alias("cases"))["count"]
    versions = {h["_id"]: h["_version"] for h in triage_es.search(index=settings.index_alias("incidents"), size=100,
                                                                  version=True)["hits"]["hits"]}
    again = seed_demo(triage_es, settings, now=NOW)
    assert again["cases_opened"] == again["steps_replayed"] == again["incidents_created"] == again["incidents_updated"] == 0
    assert triage_es.count(index=settings.index_alias("cases"))["count"] == cases_before == len(REPORTS)
    assert versions == {h["_id"]: h["_version"] for h in triage_es.search(
        index=settings.index_alias("incidents"), size=100, version=True)["hits"]["hits"]}

    statuses = count_by_status(triage_es, settings)
    assert {"new", "assigned", "in_progress", "closed", "duplicate", "rejected"} <= set(statuses)
    queue = triage_queue(triage_es, settings, size=100)
    assert queue.total == sum(statuses.get(s, 0) for s in ("new", "assigned", "in_progress", "reopened"))
    keys = [(-c.priority, c.due_at) for c in queue.cases]
    assert keys == sorted(keys)                                   # by priority, then due date
    clocks = {clock_state(settings, c, NOW).state for c in queue.cases}
    assert {Clock.overdue, Clock.at_risk, Clock.on_track} <= clocks

    assert _case_of(triage_es, settings, "demo-002").master_id == _case_of(triage_es, settings, "demo-001").id
    assert _case_of(triage_es, settings, "demo-020").came_back_from == _case_of(triage_es, settings, "demo-019").id
    assert _case_of(triage_es, settings, "demo-009").legal_type == LegalType.to_cao
    incidents = list_incidents(triage_es, settings)
    assert {i.street for i in incidents.incidents} >= {"Kha Vạn Cân", "Nguyễn Hữu Cảnh"}
    nhc = next(i for i in incidents.incidents if i.street == "Nguyễn Hữu Cảnh")
    assert nhc.case_id == _case_of(triage_es, settings, "demo-001").id      # the master, not the merged duplicate

    rows = {r.unit: r for r in units_report(triage_es, settings, start=NOW.replace(day=1, month=2),
                                            end=NOW.replace(month=4, day=1), now=NOW)}
    assert rows["ubnd-26743"].overdue == 1 and rows["ttql-giao-thong-cong-cong"].on_time_pct == 100.0
    assert search_audit(triage_es, settings, action="case.transition").total > 5


def test_queue_filters(triage_es, settings):
    seed_demo(triage_es, settings, now=NOW)
    assert {c.unit for c in triage_queue(triage_es, settings, QueueFilter(unit="sawaco")).cases} == {"sawaco"}
    overdue = triage_queue(triage_es, settings, QueueFilter(due_before=NOW)).cases
    assert overdue and all(c.due_at < NOW for c in overdue)
    found = triage_queue(triage_es, settings, QueueFilter(text="karaoke")).cases
    assert [c.topic for c in found] == ["tieng_on"]
    closed = triage_queue(triage_es, settings, QueueFilter(statuses=(CaseStatus.closed,))).cases
    assert {c.status for c in closed} == {CaseStatus.closed}


def test_cli_demo_and_queue(settings, es):
    env = settings_env(settings)
    result = langnghe("triage", "demo", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["reports"] == len(REPORTS)
    queue = langnghe("triage", "queue", "--json", env=env)
    assert queue.returncode == 0, queue.stderr
    assert json.loads(queue.stdout)["total"] >= 10
