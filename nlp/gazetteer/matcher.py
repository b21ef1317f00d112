"""Finding place mentions in text: one Aho-Corasick automaton over the gazetteer's names and one
regex for numbered units, alleys, house numbers and street keywords, both run on the accent-folded
text (same length as the original, so every span points back into the original).

A named ward counts only after a ward prefix (phường, p., f, xã, thị trấn, đặc khu): a bare
"Sài Gòn" is the city, not the ward. A bare district name counts when it is written with the
right diacritics or in Title Case ("Dĩ An", "Di An", but not "đi ăn"). The matcher only finds
and classifies mentions; ``nlp.places`` groups and resolves them.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import ahocorasick

from nlp.gazetteer import DATA, OldDistrict, OldWard, Ward, old_districts, old_wards, wards

WARD_PREFIX = r"phuong|p|f|ward|xa|x|thi tran|tt|dac khu"
DISTRICT_PREFIX = r"quan|q|district|huyen|h|thanh pho|tp|thi xa|tx"
STREET_PREFIX = r"duong|d|pho|dai lo"
# Colloquial names of districts merged before 2025 -> the district they became part of.
DISTRICT_ALIASES = {"quan 2": "769", "quan 9": "769", "q2": "769", "q9": "769", "q 2": "769", "q 9": "769",
                    "long dien": "753", "dat do": "753"}
_PREFIX = re.compile(rf"(?:^|[^\w])(?:(?P<ward>{WARD_PREFIX})|(?P<district>{DISTRICT_PREFIX})|(?P<street>{STREET_PREFIX}))"
                     r"\s*\.?\s*$")
# The leading look-ahead lets the regex engine skip to candidate first letters (2x faster).
_SIGNALS = re.compile(
    r"(?=[pfwqhkndđ0-9])(?<![\w/])(?:(?P<wp>phuong|p|f|ward)\s*\.?\s*(?P<wn>\d{1,2})(?![\w/])"
    r"|(?P<dp>quan|q|district)\s*\.?\s*(?P<dn>\d{1,2})(?![\w/])"
    r"|(?P<ap>hem|kiet|ngo|ngach)\s*\.?\s*(?:so\s*)?(?P<an>\d+[a-z]?(?:/\d+[a-z]?)*)(?![\w/])"
    r"|(?P<sp>duong|dai lo|d\.)\s*(?:(?P<sn>so\s*\d+[a-z]?|\d{1,2}/\d{1,2})(?![\w/])|(?=\s))"
    r"|(?P<hn>\d+[a-z]?(?:/\d+[a-z]?)+)(?=\s))")
_WORD = re.compile(r"[^\W\d_][\w]*|\d+[a-z]?(?:/\d+)*", re.UNICODE)
MAX_STREET_WORDS = 5
_STREET_WORDS = {"đường", "duong", "đại lộ", "dai lo", "đ."}
# Words that end a street name: the next part of the address begins.
_STOP = re.compile(rf"(?:{WARD_PREFIX}|{DISTRICT_PREFIX}|hem|kiet|ngo|so|tphcm|hcm)$|[pqf]\.?\d")
# Folded district names that are also everyday words (đi ăn, cử chỉ, đắt đỏ, …): bare, they need
# their diacritics or capitals even in a text written without diacritics.
_EVERYDAY = {"di an", "cu chi", "dat do", "nha be", "ben cat", "can gio", "dau tieng", "ba ria", "long dat", "tan phu",
             "phu my", "thuan an", "binh tan", "tan binh"}


@dataclass
class Mention:
    """One place word or phrase found in a text, before grouping and resolution."""

    kind: str  # 'ward', 'district' or 'street'
    start: int
    end: int
    wards: list[Ward | OldWard] = field(default_factory=list)  # candidates, for kind 'ward'
    district: OldDistrict | None = None
    street: str | None = None
    alley: str | None = None
    weak: bool = False  # 'f1', 'p3': counts only beside a district (F0/F1 are also COVID contact classes)


def _folded_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))[0]
    return base.lower() if len(base.lower()) == 1 else ch


_FOLD = {ord(ch): _folded_char(ch) for ch in map(chr, range(0xC0, 0x1F00))}


def fold_same_length(text: str) -> str:
    """Lower case, diacritics removed, đ → d; one character for one, so spans carry over."""
    folded = text.translate(_FOLD).lower()
    return folded if len(folded) == len(text) else "".join(ch.translate(_FOLD).lower()[:1] or ch for ch in text)


@lru_cache(maxsize=1)
def _fold_table() -> Any:
    import numpy as np

    table = np.arange(0x1F00, dtype=np.uint32)
    for code, folded in _FOLD.items():
        table[code] = ord(folded)
    table[ord("A"):ord("Z") + 1] += 32
    return table


def fold_batch(texts: list[str]) -> list[str]:
    """``fold_same_length`` of many texts at once: one vectorised table look-up over the joined
    batch instead of a dictionary look-up per character (10x faster on long texts). Characters
    from U+1F00 up are kept as they are."""
    import numpy as np

    joined = "\x00".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    folded = np.where(codes < 0x1F00, _fold_table()[np.minimum(codes, 0x1EFF)], codes).astype(np.uint32)
    result = folded.tobytes().decode("utf-32-le").split("\x00")
    return result if len(result) == len(texts) else [fold_same_length(text) for text in texts]  # a text held NUL


def _key(name: str) -> str:
    return " ".join(fold_same_length(unicodedata.normalize("NFC", name)).split())


@lru_cache(maxsize=1)
def street_names() -> dict[str, bool]:
    """Street name -> whether it is recognised on its own (without 'đường', a house number, …)."""
    lines = [line.split("\t") for line in (DATA / "streets.tsv").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return {name.strip(): bare.strip() == "1" for name, bare in lines[1:]}


@lru_cache(maxsize=1)
def automaton() -> Any:
    """folded name -> list of (kind, entry): new and old wards, old districts, streets."""
    entries: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for ward in wards():
        entries[_key(ward.short)].append(("ward", ward))
    for old in old_wards():
        if old.short != old.name:  # named, not "Phường 12" (numbered wards are found by the regex)
            entries[_key(old.short)].append(("ward", old))
    by_code = {d.code: d for d in old_districts()}
    for district in by_code.values():
        if not district.short.startswith("Quận "):
            entries[_key(district.short)].append(("district", district))
    for alias, code in DISTRICT_ALIASES.items():
        if not alias.startswith("q"):
            entries[alias].append(("district", by_code[code]))
    for street, bare in street_names().items():
        entries[_key(street)].append(("street" if bare else "street_keyword_only", street))
    machine = ahocorasick.Automaton()
    for key, value in entries.items():
        machine.add_word(key, (key, value))
    machine.make_automaton()
    return machine


@lru_cache(maxsize=1)
def numbered() -> tuple[dict[int, list[OldWard]], dict[int, OldDistrict]]:
    by_number: dict[int, list[OldWard]] = defaultdict(list)
    for old in old_wards():
        for number in old.numbers:
            by_number[number].append(old)
    districts = {int(d.short.split()[1]): d for d in old_districts() if d.short.startswith("Quận ")}
    thu_duc = next(d for d in old_districts() if d.code == "769")
    return dict(by_number), {**districts, 2: thu_duc, 9: thu_duc}


def find_mentions(text: str, folded: str | None = None) -> list[Mention]:
    """Every place mention in ``text`` (NFC; ``folded``: its ``fold_same_length``), ordered by position."""
    folded = fold_same_length(text) if folded is None else folded
    plain = folded == text.lower()  # the text is written without diacritics
    found = _names(text, folded, plain) + _signals(text, folded, plain)
    found.sort(key=lambda m: (m.start, -m.end))
    return _drop_overlaps(found)


def _boundary(folded: str, start: int, end: int) -> bool:
    return (start == 0 or not folded[start - 1].isalnum()) and (end == len(folded) or not folded[end].isalnum())


def _names(text: str, folded: str, plain: bool) -> list[Mention]:
    found = []
    for end, (key, candidates) in automaton().iter(folded):
        start, end = end - len(key) + 1, end + 1
        if not _boundary(folded, start, end):
            continue
        prefix = _PREFIX.search(folded, max(0, start - 14), start)
        if prefix and not _prefix_written_so(text, prefix.start(prefix.lastgroup), prefix.end(prefix.lastgroup), plain):
            prefix = None
        kind = prefix.lastgroup if prefix else None
        mention = _classify(text[start:end], kind, candidates, start, end, plain)
        if mention is not None:
            if kind == "ward":
                mention.wards = _of_type(mention.wards, prefix["ward"])
            if prefix:
                mention.start = prefix.start() + (1 if not folded[prefix.start()].isalnum() else 0)
            found.append(mention)
    return found


# In a text with diacritics a prefix word must carry them: "xa" is "far", "quán" a shop, "quần" trousers.
_PREFIX_WORDS = {"phường", "xã", "thị trấn", "đặc khu", "quận", "huyện", "thành phố", "thị xã", "đường", "đại lộ",
                 "phố", "hẻm", "kiệt", "ngõ", "ngách", "số"}
_ABBREVIATIONS = {"p", "f", "x", "q", "h", "d", "đ", "tt", "tp", "tx", "ward", "district", "d.", "đ."}


def _prefix_written_so(text: str, start: int, end: int, plain: bool) -> bool:
    word = text[start:end].lower()
    return plain or word in _ABBREVIATIONS or word in _PREFIX_WORDS


_UNIT_TYPES = {"phuong": "Phường", "p": "Phường", "f": "Phường", "ward": "Phường", "xa": "Xã", "x": "Xã",
               "thi tran": "Thị trấn", "tt": "Thị trấn", "dac khu": "Đặc khu"}


def _of_type(candidates: list[Any], prefix: str) -> list[Any]:
    """'xã Hòa Phú' is the commune (Củ Chi), 'phường Hòa Phú' the ward (Thủ Dầu Một)."""
    wanted = _UNIT_TYPES.get(prefix)
    return [c for c in candidates if c.type == wanted] or candidates


def _accent_filter(original: str, entries: list[Any]) -> list[Any]:
    """Where the text has diacritics, keep the names spelt exactly so (Thanh An vs Thạnh An)."""
    if fold_same_length(original) == original.lower():
        return entries
    exact = [e for e in entries if _short(e).lower() == " ".join(original.lower().split())]
    return exact or entries


def _short(entry: Any) -> str:
    return entry if isinstance(entry, str) else entry.short


def _classify(original: str, kind: str | None, candidates: list[tuple[str, Any]], start: int, end: int,
              plain: bool) -> Mention | None:
    of = defaultdict(list)
    for what, entry in candidates:
        of[what].append(entry)
    if kind == "ward" and of["ward"]:
        return Mention("ward", start, end, wards=_accent_filter(original, of["ward"]))
    if kind == "district" and of["district"]:
        return Mention("district", start, end, district=_accent_filter(original, of["district"])[0])
    streets = of["street"] + of["street_keyword_only"]
    if kind == "street" and streets:
        return Mention("street", start, end, street=streets[0])
    if kind is None and of["district"] and _written_as_name(original, of["district"], plain):
        return Mention("district", start, end, district=_accent_filter(original, of["district"])[0])
    if kind is None and of["street"] and _title_case(original) and (plain or _accent_filter(original, of["street"]) != of["street"]
                                                                    or _short(of["street"][0]) == original):
        return Mention("street", start, end, street=of["street"][0])
    return None


def _title_case(original: str) -> bool:
    return all(word[0].isupper() for word in original.split())


def _written_as_name(original: str, entries: list[Any], plain: bool) -> bool:
    """Bare names count when spelt with their diacritics or in Title Case, or, in a text written
    without any diacritics, when the name is not also an everyday phrase."""
    if _title_case(original):
        return True
    if plain and _key(original) not in _EVERYDAY:
        return True
    return any(_short(e).lower() == " ".join(original.lower().split()) for e in entries)


def _signals(text: str, folded: str, plain: bool) -> list[Mention]:
    found = []
    by_number, districts = numbered()
    for match in _SIGNALS.finditer(folded):
        group, start, end = match.lastgroup, match.start(), match.end()
        keyword = next((k for k in ("wp", "dp", "ap", "sp") if match[k]), None)
        if keyword and not _prefix_written_so(text, match.start(keyword), match.end(keyword), plain):
            continue
        if group == "wn" and int(match["wn"]) in by_number:
            weak = match["wp"] in ("f", "p") and "." not in match.group()
            found.append(Mention("ward", start, end, wards=list(by_number[int(match["wn"])]), weak=weak))
        elif group == "dn" and int(match["dn"]) in districts:
            found.append(Mention("district", start, end, district=districts[int(match["dn"])]))
        elif group in ("an", "hn", "sp", "sn"):
            mention = _street(text, folded, match)
            if mention is not None:
                found.append(mention)
    return found


def _street(text: str, folded: str, match: re.Match[str]) -> Mention | None:
    """An alley, house number or street keyword, with the street name that follows it."""
    keyword = text[match.start("sp"):match.end("sp")] if match["sp"] else ""
    if keyword and (keyword.lower() not in _STREET_WORDS or keyword in ("Duong", "Đ.")):
        return None  # 'đương': not the word for street; 'Duong Thi Huong', 'Đ. Duy Khánh': names
    alley = match["an"] or match["hn"]
    number = match["sn"]
    name_start = match.end()
    words = [w for w in _WORD.finditer(text, name_start, min(len(text), name_start + 60))]
    taken = []
    for word in words[:MAX_STREET_WORDS]:
        gap = text[(taken[-1].end() if taken else name_start):word.start()]
        if gap.strip(" ") or not _name_word(word.group()) or _STOP.match(folded, word.start(), word.end()):
            break
        taken.append(word)
    if len(taken) == 1 and taken[0].group() not in street_names() and not any(c.isdigit() for c in taken[0].group()):
        taken = []  # one capitalised word after "Đường" is a sentence ("Đường Đen"), not a street
    if taken:
        street, end = " ".join(w.group() for w in taken), taken[-1].end()
    else:
        street, end = _known_street(folded, name_start)
    if number:
        digits = re.search(r"\d.*", number).group()
        street, end = (f"Số {digits}" if number.startswith("so") else digits), match.end("sn")
    if street is None and alley is None:
        return None
    if match["hn"] and not _address_number(match["hn"], street, len(taken)):
        return None
    return Mention("street", match.start(), end if street else match.end(), street=street, alley=alley)


def _name_word(word: str) -> bool:
    """A word of a street name: capitalised, not shouted ("ĐƯỜNG ĐI"); abbreviations with digits pass (CMT8)."""
    return len(word) > 1 and word[0].isupper() and not (word.isupper() and word.isalpha())


def _address_number(number: str, street: str | None, words: int) -> bool:
    """A bare "45/12 Lê Văn Sỹ" is an address; "29/8 Bộ Công an" is a date. A number that could be
    a day/month needs a known street after it."""
    parts = [int(re.match(r"\d+", part).group()) for part in number.split("/")]
    if street is None or any(part > 9999 or 1900 <= part <= 2100 for part in parts):
        return False
    if street in street_names():
        return True
    could_be_date = len(parts) == 2 and 1 <= parts[0] <= 31 and 1 <= parts[1] <= 12
    return not could_be_date and words >= 2


def _known_street(folded: str, at: int) -> tuple[str | None, int]:
    rest = folded[at:at + 40]
    stripped = len(rest) - len(rest.lstrip())
    for end, (key, candidates) in automaton().iter(rest.lstrip()):
        begin = end - len(key) + 1
        if begin == 0 and any(kind.startswith("street") for kind, _ in candidates):
            street = next(e for kind, e in candidates if kind.startswith("street"))
            if _boundary(folded, at + stripped, at + stripped + end + 1):
                return street, at + stripped + end + 1
    return None, at


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions (a street found by its keyword wins over the bare name)."""
    kept: list[Mention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            if mention.end - mention.start > kept[-1].end - kept[-1].start:
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept
