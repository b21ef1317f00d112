"""Vietnamese dates as sites print them → aware datetimes in Asia/Ho_Chi_Minh.

Relative forms ("7 giờ trước", "hôm qua", "vừa xong") are resolved against a reference time the
caller passes (the response's Date header or the run's time), never ``now()``, so parsing the
same page twice gives the same answer.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

_UNITS = {"giây": "seconds", "giay": "seconds", "phút": "minutes", "phut": "minutes", "giờ": "hours",
          "gio": "hours", "tiếng": "hours", "ngày": "days", "ngay": "days", "tuần": "weeks", "tuan": "weeks"}
_AGO = re.compile(r"^(\d+)\s*(giây|giay|phút|phut|giờ|gio|tiếng|ngày|ngay|tuần|tuan)\s*(trước|truoc)$")
_MONTHS_AGO = re.compile(r"^(\d+)\s*(tháng|thang|năm|nam)\s*(trước|truoc)$")
_CLOCK = r"(?:\s*[,\-]?\s*(?:lúc\s*)?(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?"
_DMY = re.compile(r"^(?:[^\d]*?)(\d{1,2})[/-](\d{1,2})[/-](\d{4})" + _CLOCK + r"\s*(?:\(?gmt\s*\+\s*7\)?)?$")
_CLOCK_DMY = re.compile(r"^(\d{1,2})[:h](\d{2})\s*,?\s*(?:ngày\s*)?(\d{1,2})[/-](\d{1,2})[/-](\d{4})$")
_DAY_WORD = re.compile(r"^(hôm nay|hom nay|hôm qua|hom qua|hôm kia|hom kia)" + _CLOCK + "$")
_JUST_NOW = {"vừa xong", "vua xong", "vừa mới", "mới đây", "just now"}
_DAY_OFFSET = {"hôm nay": 0, "hom nay": 0, "hôm qua": 1, "hom qua": 1, "hôm kia": 2, "hom kia": 2}


def parse_vietnamese_time(text: str | None, reference: datetime) -> datetime | None:
    """The absolute time ``text`` names, seen at ``reference`` (aware); None when unrecognised."""
    if reference.tzinfo is None:
        raise ValueError("reference must carry a time zone")
    if not text:
        return None
    ref = reference.astimezone(VIETNAM)
    value = " ".join(unicodedata.normalize("NFC", text).strip().lower().split())
    for parse in (_iso, _just_now, _ago, _months_ago, _day_word, _dmy, _clock_dmy):
        found = parse(value, ref)
        if found is not None:
            return found
    return None


def response_time(headers_date: bytes | str | None, fallback: datetime) -> datetime:
    """The time a response was served (its Date header), else ``fallback`` (the run's time)."""
    if headers_date:
        try:
            raw = headers_date.decode() if isinstance(headers_date, bytes) else headers_date
            return parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            pass
    return fallback


def _iso(value: str, ref: datetime) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.upper() if "t" in value else value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=VIETNAM)


def _just_now(value: str, ref: datetime) -> datetime | None:
    return ref if value in _JUST_NOW else None


def _ago(value: str, ref: datetime) -> datetime | None:
    match = _AGO.match(value)
    return ref - timedelta(**{_UNITS[match.group(2)]: int(match.group(1))}) if match else None


def _months_ago(value: str, ref: datetime) -> datetime | None:
    match = _MONTHS_AGO.match(value)
    if not match:
        return None
    months = int(match.group(1)) * (12 if match.group(2) in ("năm", "nam") else 1)
    year, month = divmod(ref.month - 1 - months, 12)
    return _safe(ref.year + year, month + 1, ref.day, ref.hour, ref.minute, ref.second)


def _day_word(value: str, ref: datetime) -> datetime | None:
    match = _DAY_WORD.match(value)
    if not match:
        return None
    day = ref - timedelta(days=_DAY_OFFSET[match.group(1)])
    if match.group(2) is None:
        return day.replace(hour=0, minute=0, second=0, microsecond=0)
    return day.replace(hour=int(match.group(2)), minute=int(match.group(3)), second=int(match.group(4) or 0),
                       microsecond=0)


def _dmy(value: str, ref: datetime) -> datetime | None:
    match = _DMY.match(value)
    if not match:
        return None
    d, m, y, hh, mm, ss = match.groups()
    return _strict(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0))


def _clock_dmy(value: str, ref: datetime) -> datetime | None:
    match = _CLOCK_DMY.match(value)
    if not match:
        return None
    hh, mm, d, m, y = (int(g) for g in match.groups())
    return _strict(y, m, d, hh, mm, 0)


def _strict(*parts: int) -> datetime | None:
    try:
        return datetime(*parts, tzinfo=VIETNAM)
    except ValueError:
        return None


def _safe(year: int, month: int, day: int, hour: int, minute: int, second: int) -> datetime | None:
    for d in (day, 30, 29, 28):
        try:
            return datetime(year, month, min(d, day), hour, minute, second, tzinfo=VIETNAM)
        except ValueError:
            continue
    return None
