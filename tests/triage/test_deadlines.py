"""The working-day calendar and legal deadlines (no Elasticsearch needed)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from core.case_schema import Case, CaseStatus, Channel
from core.errors import ConfigError
from core.settings import Settings
from tests.triage.conftest import TZ
from triage.deadlines import Clock, add_working_days, clock_state, due_date, is_working_day, working_days_between


def test_tet_2026_weekends_and_weekend_workdays_come_from_the_holidays_package():
    assert not is_working_day(date(2026, 2, 17))       # Mùng 1 Tết Bính Ngọ
    assert not is_working_day(date(2026, 2, 20))       # Mùng 4
    assert not is_working_day(date(2026, 2, 21))       # Saturday
    assert is_working_day(date(2026, 2, 23))
    assert is_working_day(date(2026, 8, 22))           # a Saturday made a working day (substituted)
    assert not is_working_day(date(2026, 9, 2))        # Quốc khánh


def test_petition_received_just_before_tet_gets_ten_working_days_after_it():
    received = datetime(2026, 2, 13, 16, 30, tzinfo=TZ)   # Friday before Tết
    due = due_date(Settings(), received_at=received, legal_type="phan_anh", topic="giao_thong")
    assert due.due_at == datetime(2026, 3, 6, 23, 59, 59, tzinfo=TZ)   # not 27 Feb: Tết week skipped
    assert due.rule == "phan-anh-kien-nghi" and "20/2008" in due.source


def test_complaint_counts_calendar_days_and_a_period_ending_in_tet_moves_to_the_next_working_day():
    received = datetime(2026, 1, 18, 10, 0, tzinfo=TZ)    # +30 days = 17 Feb, Mùng 1 Tết
    due = due_date(Settings(), received_at=received, legal_type="khieu_nai", topic="dat_dai_nha_o")
    assert due.due_at.date() == date(2026, 2, 23)
    complex_ = due_date(Settings(), received_at=received, legal_type="khieu_nai", topic="dat_dai_nha_o", complex_=True)
    assert complex_.due_at.date() == date(2026, 3, 4)     # 45 days
    assert "Khiếu nại 2011" in due.source


def test_denunciation_is_30_days_and_60_when_extended():
    received = datetime(2026, 5, 4, 9, 0, tzinfo=TZ)
    s = Settings()
    assert due_date(s, received_at=received, legal_type="to_cao", topic="khac").due_at.date() == date(2026, 6, 3)
    assert due_date(s, received_at=received, legal_type="to_cao", topic="khac", complex_=True).due_at.date() == date(2026, 7, 3)


def test_category_specific_deadline_wins_over_the_legal_type_default():
    due = due_date(Settings(), received_at=datetime(2026, 6, 1, 9, tzinfo=TZ), legal_type="phan_anh",
                   topic="dien_nuoc_vien_thong")
    assert due.rule == "phan-anh-dien-nuoc" and due.due_at.date() == add_working_days(date(2026, 6, 1), 5)


def test_working_days_between_skips_tet():
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1


def _case(received: datetime, due: datetime, status: CaseStatus = CaseStatus.in_progress) -> Case:
    return Case(id="HCM-2026-000001", title="t", description="d", channel=Channel.request, topic="khac", unit="u",
                routing_rule="r", status=status, received_at=received, due_at=due, created_at=received,
                updated_at=received)


@pytest.mark.parametrize(("now_offset_days", "expected"), [(1, Clock.on_track), (12, Clock.at_risk), (15, Clock.overdue)])
def test_clock_flags_from_the_clock_passed_in(now_offset_days, expected):
    received = datetime(2026, 6, 1, 9, tzinfo=TZ)
    case = _case(received, datetime(2026, 6, 15, 23, 59, 59, tzinfo=TZ))
    assert clock_state(Settings(), case, received + timedelta(days=now_offset_days)).state == expected


def test_clock_stops_when_the_case_is_resolved():
    received = datetime(2026, 6, 1, 9, tzinfo=TZ)
    case = _case(received, received + timedelta(days=1), CaseStatus.resolved)
    assert clock_state(Settings(), case, received + timedelta(days=30)).state == Clock.stopped


def test_a_deadlines_file_without_a_source_is_refused(tmp_path):
    bad = tmp_path / "deadlines.yaml"
    bad.write_text("rules:\n  - {id: x, days: 5, count: working_days, source: ''}\n")
    with pytest.raises(ConfigError, match="not valid"):
        due_date(Settings(deadlines_file=bad), received_at=datetime(2026, 6, 1, tzinfo=TZ), legal_type="phan_anh", topic="x")
