"""Legal deadlines on the Vietnamese working-day calendar, and the at-risk / overdue flags.

The calendar is the maintained ``holidays`` package (holidays.Vietnam: weekends, public holidays,
Tết by the lunar calendar, official weekend work days), never a hand list. Every function takes
the clock as an argument: nothing here calls ``now()``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

from core.case_schema import OPEN_STATUSES, Case
from core.errors import ConfigError
from core.settings import Settings
from triage.config import DeadlineRule, load_deadlines

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_END_OF_DAY = time(23, 59, 59)


@lru_cache(maxsize=1)
def _calendar():
    import holidays

    return holidays.country_holidays("VN")


def is_working_day(day: date) -> bool:
    return _calendar().is_working_day(day)


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself is not counted)."""
    return _calendar().get_nth_working_day(start, days)


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]; 0 when end <= start."""
    if end <= start:
        return 0
    return _calendar().get_working_days_count(start + timedelta(days=1), end)


def next_working_day_on_or_after(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class Deadline:
    due_at: datetime
    rule: str
    source: str


def deadline_rule(settings: Settings, legal_type: str, topic: str) -> DeadlineRule:
    for rule in load_deadlines(settings.deadlines_file).rules:
        if (rule.legal_type is None or legal_type in rule.legal_type) and (rule.topic is None or topic in rule.topic):
            return rule
    raise ConfigError(f"No deadline in {settings.deadlines_file} applies to {legal_type}/{topic}.",
                      "Add a catch-all entry for that legal type.")


def due_date(settings: Settings, *, received_at: datetime, legal_type: str, topic: str, complex_: bool = False) -> Deadline:
    """End of the last day of the legal period (Bộ luật Dân sự 2015, Điều 147–148)."""
    rule = deadline_rule(settings, legal_type, topic)
    days = (rule.complex_days or rule.days) if complex_ else rule.days
    start = received_at.astimezone(TZ).date()
    if rule.count == "working_days":
        last = add_working_days(start, days)
    else:
        last = next_working_day_on_or_after(start + timedelta(days=days))
    return Deadline(datetime.combine(last, _END_OF_DAY, tzinfo=TZ), rule.id, rule.source)


class Clock(StrEnum):
    on_track = "on_track"
    at_risk = "at_risk"
    overdue = "overdue"
    stopped = "stopped"     # not open: the clock no longer runs


@dataclass(frozen=True)
class ClockState:
    state: Clock
    working_days_left: int
    fraction_left: float


def clock_state(settings: Settings, case: Case, now: datetime) -> ClockState:
    """On track, at risk (under ``at_risk_fraction`` of the time or ``at_risk_working_days`` left) or overdue."""
    if case.status not in OPEN_STATUSES or case.due_at is None:
        return ClockState(Clock.stopped, 0, 0.0)
    total = (case.due_at - case.received_at).total_seconds()
    left = (case.due_at - now).total_seconds()
    fraction = max(0.0, left / total) if total > 0 else 0.0
    days_left = working_days_between(now.astimezone(TZ).date(), case.due_at.astimezone(TZ).date())
    if left < 0:
        return ClockState(Clock.overdue, 0, 0.0)
    if fraction < settings.at_risk_fraction or days_left < settings.at_risk_working_days:
        return ClockState(Clock.at_risk, days_left, fraction)
    return ClockState(Clock.on_track, days_left, fraction)
