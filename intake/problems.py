"""The API's one error shape, GeoReport v2's error array: ``[{"code": 400, "description": "…"}]``.

Every description carries the Vietnamese message, then the English one, separated by " / ",
so that an officer and an app developer both read it; ``description_vi``/``description_en``
carry them apart for clients that pick one (extra keys do not bother GeoReport clients).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    code: int
    vi: str
    en: str
    field: str | None = None

    def as_item(self) -> dict[str, Any]:
        item = {"code": self.code, "description": f"{self.vi} / {self.en}",
                "description_vi": self.vi, "description_en": self.en}
        return item | ({"field": self.field} if self.field else {})


class Problems(Exception):
    """One or more problems with a request; the HTTP status is the first problem's code."""

    def __init__(self, problems: list[Problem], headers: dict[str, str] | None = None) -> None:
        super().__init__("; ".join(p.en for p in problems))
        self.problems = problems
        self.headers = headers or {}

    @property
    def status(self) -> int:
        return self.problems[0].code

    def body(self) -> list[dict[str, Any]]:
        return [p.as_item() for p in self.problems]


def problem(code: int, vi: str, en: str, field: str | None = None) -> Problems:
    return Problems([Problem(code, vi, en, field)])


def not_found(what_vi: str, what_en: str) -> Problems:
    return problem(404, f"Không tìm thấy {what_vi}.", f"{what_en} not found.")
