"""Vietnamese dates, absolute and relative, resolved against a given time (never now())."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawlers.dates import VIETNAM, parse_vietnamese_time, response_time

SEEN = datetime(2026, 11, 30, 10, 0, tzinfo=VIETNAM)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VIETNAM)


@pytest.mark.parametrize(("text", "expected"), [
    ("7 giờ trước", at(2026, 11, 30, 3, 0)),
    ("5 phút trước", at(2026, 11, 30, 9, 55)),
    ("30 giây trước", at(2026, 11, 30, 9, 59, 30)),
    ("2 ngày trước", at(2026, 11, 28, 10, 0)),
    ("1 tuần trước", at(2026, 11, 23, 10, 0)),
    ("2 tháng trước", at(2026, 9, 30, 10, 0)),
    ("vừa xong", SEEN),
    ("Vừa xong", SEEN),
    ("hôm qua", at(2026, 11, 29)),
    ("Hôm qua lúc 14:30", at(2026, 11, 29, 14, 30)),
    ("hôm nay 08:05", at(2026, 11, 30, 8, 5)),
    ("30/11/2026, 08:15", at(2026, 11, 30, 8, 15)),
    ("28/11/2025 10:30 GMT+7", at(2025, 11, 28, 10, 30)),
    ("Thứ năm, 27/11/2025 - 15:30", at(2025, 11, 27, 15, 30)),
    ("Thứ bảy, 29/11/2026, 09:05 (GMT+7)", at(2026, 11, 29, 9, 5)),
    ("15:20 28/11/2026", at(2026, 11, 28, 15, 20)),
    ("2025-11-28T10:30:00+07:00", at(2025, 11, 28, 10, 30)),
    ("2025-11-27 15:30", at(2025, 11, 27, 15, 30)),
])
def test_parses_to_asia_ho_chi_minh(text, expected):
    parsed = parse_vietnamese_time(text, SEEN)
    assert parsed == expected and parsed.utcoffset().total_seconds() == 7 * 3600


def test_the_reference_decides_not_the_clock():
    assert parse_vietnamese_time("hôm qua", datetime(2020, 1, 1, 3, 0, tzinfo=UTC)) == at(2019, 12, 31)
    # 2020-01-01 03:00 UTC is 10:00 in Vietnam: "7 giờ trước" is 03:00 local the same day
    assert parse_vietnamese_time("7 giờ trước", datetime(2020, 1, 1, 3, 0, tzinfo=UTC)) == at(2020, 1, 1, 3, 0)


@pytest.mark.parametrize("text", [None, "", "sắp tới", "31/02/2026", "abc 12"])
def test_unrecognised_or_impossible_is_none(text):
    assert parse_vietnamese_time(text, SEEN) is None


def test_reference_must_be_aware():
    with pytest.raises(ValueError, match="time zone"):
        parse_vietnamese_time("hôm qua", datetime(2026, 1, 1))


def test_response_time_prefers_the_date_header():
    fallback = datetime(2026, 1, 1, tzinfo=UTC)
    assert response_time(b"Fri, 28 Nov 2025 08:00:00 GMT", fallback) == datetime(2025, 11, 28, 8, tzinfo=UTC)
    assert response_time(None, fallback) == fallback
    assert response_time(b"garbage", fallback) == fallback
