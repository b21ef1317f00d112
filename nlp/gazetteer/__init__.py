"""The Ho Chi Minh City gazetteer: the 168 ward-level units in force since 1 July 2025, and the
pre-2025 districts and wards (of HCMC, Bình Dương and Bà Rịa–Vũng Tàu) with their successors.

The tables in ``data/`` are derived from the ``vietnamadminunits`` package (MIT) by
``python -m nlp.gazetteer.build``; see ``data/SOURCE.md``. Read once, on first use.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
UNIT_COUNT = 168  # 113 phường, 54 xã, 1 đặc khu (Nghị quyết 1685/NQ-UBTVQH15)


@dataclass(frozen=True)
class Ward:
    """A ward-level unit in force since 2025-07-01."""

    code: str
    name: str  # 'Phường Sài Gòn'
    type: str  # 'Phường', 'Xã' or 'Đặc khu'
    short: str  # 'Sài Gòn'
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class OldDistrict:
    code: str
    name: str  # 'Quận 1', 'Thành phố Thủ Đức', 'Huyện Củ Chi'
    type: str
    short: str  # 'Quận 1', 'Thủ Đức', 'Củ Chi'
    province: str
    successor: str | None  # set only where the whole district became one unit (Côn Đảo)


@dataclass(frozen=True)
class OldWard:
    code: str
    name: str  # 'Phường Bến Nghé', 'Phường 12'
    type: str
    short: str
    district: OldDistrict
    numbers: tuple[int, ...]  # ward numbers it carries, incl. numbered wards merged into it before 2025
    successor: str  # code of the unit it became part of
    split: bool  # split between several units; ``successor`` is the one the source names as default


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as lines:
        return list(csv.DictReader((line for line in lines if not line.startswith("#")), delimiter="\t"))


def _float(value: str) -> float | None:
    return float(value) if value else None


@lru_cache(maxsize=1)
def wards() -> tuple[Ward, ...]:
    """The 168 units, ordered by code."""
    return tuple(Ward(r["code"], r["name"], r["type"], r["short"], _float(r["lat"]), _float(r["lon"]))
                 for r in _rows("wards.tsv"))


@lru_cache(maxsize=1)
def wards_by_code() -> dict[str, Ward]:
    return {ward.code: ward for ward in wards()}


@lru_cache(maxsize=1)
def old_districts() -> tuple[OldDistrict, ...]:
    return tuple(OldDistrict(r["code"], r["name"], r["type"], r["short"], r["province"], r["new_code"] or None)
                 for r in _rows("old_districts.tsv"))


@lru_cache(maxsize=1)
def old_wards() -> tuple[OldWard, ...]:
    districts = {district.code: district for district in old_districts()}
    return tuple(OldWard(r["code"], r["name"], r["type"], r["short"], districts[r["district_code"]],
                         tuple(int(n) for n in r["numbers"].split()), r["new_code"], r["split"] == "1")
                 for r in _rows("old_wards.tsv"))
