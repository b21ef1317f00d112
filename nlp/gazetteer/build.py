"""Rebuild the shipped HCMC gazetteer tables from the ``vietnamadminunits`` package's data.

    pip install --no-deps vietnamadminunits==1.0.4
    python -m nlp.gazetteer.build

Only the package's JSON data files are read (its Python code is never imported, so its heavy
dependencies are not needed). The package maps every pre-2025 ward to its successor under the
2025 resolutions (for HCMC: Nghị quyết 1685/NQ-UBTVQH15) and, for a ward split between several
successors, names one as the default. Its HCMC list lacks two communes and gives ten wards a
predecessor's code instead of the official one; ``corrections.tsv`` (hand-made, citing
Quyết định 19/2025/QĐ-TTg) fixes both. Writes ``data/wards.tsv``, ``data/old_districts.tsv``
and ``data/old_wards.tsv`` next to this file.
"""
from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
PACKAGE = "vietnamadminunits"
VERSION = "1.0.4"
NEW_PROVINCE = "thanhphohochiminh"
OLD_PROVINCES = {"thanhphohochiminh": "Thành phố Hồ Chí Minh", "tinhbinhduong": "Tỉnh Bình Dương",
                 "tinhbariavungtau": "Tỉnh Bà Rịa - Vũng Tàu"}
NUMBERED = re.compile(r"^(?:phuong|ward|p|f)(\d{1,2})$")


def package_data() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{PACKAGE} is not installed: pip install --no-deps {PACKAGE}=={VERSION}")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def load(name: str) -> dict[str, Any]:
    return json.loads((package_data() / name).read_text(encoding="utf-8"))


def read_corrections() -> dict[str, dict[str, str]]:
    with (DATA / "corrections.tsv").open(encoding="utf-8") as rows:
        return {row["name"]: row for row in csv.DictReader((r for r in rows if not r.startswith("#")), delimiter="\t")}


def new_wards(parser: dict[str, Any], corrections: dict[str, dict[str, str]]) -> dict[str, dict[str, Any]]:
    """Converter key of each successor ward -> its row (code, name, type, short name, lat, lon)."""
    wards = {}
    for key, info in parser["DICT_PROVINCE_WARD_NO_ACCENTED"][NEW_PROVINCE].items():
        fix = corrections.get(info["ward"], {})
        wards[key] = {"code": fix.get("code") or info["wardCode"], "name": info["ward"], "type": info["wardType"],
                      "short": info["wardShort"], "lat": info["wardLat"], "lon": info["wardLon"]}
    for name, fix in corrections.items():
        if fix["converter_key"]:
            wards[fix["converter_key"]] = {"code": fix["code"], "name": name, "type": fix["type"],
                                           "short": name.removeprefix(fix["type"]).strip(), "lat": "", "lon": ""}
    return wards


def successors(converter: dict[str, Any]) -> dict[str, tuple[str, bool]]:
    """Old ward key (province_district_ward) -> (successor's converter key, split between several)."""
    mapping = {old: (new, False) for new, olds in converter["DICT_PROVINCE_WARD_NO_DIVIDED"][NEW_PROVINCE].items()
               for old in olds}
    for old, parts in converter["DICT_PROVINCE_WARD_DIVIDED"][NEW_PROVINCE].items():
        default = next(part["newWardKey"] for part in parts if part["isDefaultNewWard"])
        mapping[old] = (default, True)
    return mapping


def old_units(legacy: dict[str, Any], mapping: dict[str, tuple[str, bool]],
              wards: dict[str, dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    districts, old_wards = [], []
    for province, province_name in OLD_PROVINCES.items():
        for dkey, d in legacy["DICT_PROVINCE_DISTRICT"][province].items():
            # A district without wards (Côn Đảo) maps as a whole to one successor.
            whole = mapping.get(f"{province}_{dkey}_")
            districts.append({"province": province_name, "code": d["districtCode"], "name": d["district"],
                              "type": d["districtType"], "short": d["districtShort"],
                              "new_code": wards[whole[0]]["code"] if whole else ""})
            for wkey, w in legacy["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"][province].get(dkey, {}).items():
                if wkey == "NaN":
                    continue
                new_key, split = mapping[f"{province}_{dkey}_{wkey}"]
                numbers = sorted({int(m.group(1)) for k in w["wardKeywords"] if (m := NUMBERED.match(k))})
                old_wards.append({"district_code": d["districtCode"], "code": w["wardCode"], "name": w["ward"],
                                  "type": unit_type(w["ward"]), "short": w["wardShort"],
                                  "numbers": " ".join(map(str, numbers)), "new_code": wards[new_key]["code"],
                                  "split": int(split)})
    return districts, old_wards


def unit_type(name: str) -> str:
    """The unit's type from its name: the package's type field has slips (a 'Phường 5' typed 'Xã')."""
    return next(t for t in ("Phường", "Xã", "Thị trấn") if name.startswith(t + " "))


def write(name: str, rows: list[dict[str, Any]]) -> None:
    with (DATA / name).open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{name}: {len(rows)} rows", file=sys.stderr)


def main() -> int:
    corrections = read_corrections()
    wards = new_wards(load("parser_from_2025.json"), corrections)
    districts, old_wards = old_units(load("parser_legacy.json"), successors(load("converter_2025.json")), wards)
    write("wards.tsv", sorted(wards.values(), key=lambda w: int(w["code"])))
    write("old_districts.tsv", districts)
    write("old_wards.tsv", old_wards)
    return 0


if __name__ == "__main__":
    sys.exit(main())
