"""Places in Ho Chi Minh City named by a text, resolved to the 168 ward-level units in force
since 1 July 2025 while keeping the old (pre-merger) ward and district the text used.

Mentions found close together in one sentence ("hẻm 45/12 Lê Văn Sỹ, phường 13, quận 3") make
one ``Place``. A ward is resolved only when the text settles it: a post-2025 name, an old name
that exists once, or an old name (or number: "Phường 12", "f12") narrowed to one district by a
district in the same place or, failing that, the one district the whole text names. Otherwise
the mention is kept without a ``ward_code``. An old ward that was split between several new
units resolves to the one the gazetteer's source names as its default successor, which is what
that library's own converter does when no coordinates are known.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from core.errors import InvalidInput
from core.schema import Place
from nlp.gazetteer import UNIT_COUNT, OldDistrict, OldWard, Ward, wards_by_code
from nlp.gazetteer import wards as _wards
from nlp.gazetteer.matcher import Mention, find_mentions, fold_batch

MAX_GAP = 24  # characters between two mentions of one place
WEAK_GAP = 3  # "f12 go vap", "p13, q3": a teencode ward must touch its district
_SENTENCE_END = re.compile(r"[.!?;\n]\s")
_WORDS = re.compile(r"\w+")
_COMBINING = re.compile("[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def wards() -> list[Ward]:
    """The 168 ward-level units (code, name, type, short name, centre), ordered by code."""
    units = list(_wards())
    if len(units) != UNIT_COUNT:
        raise InvalidInput(f"the gazetteer lists {len(units)} units, not {UNIT_COUNT}",
                           hint="Rebuild it with `python -m nlp.gazetteer.build`.")
    return units


def ward_by_code(code: str) -> Ward:
    try:
        return wards_by_code()[str(code)]
    except KeyError:
        raise InvalidInput(f"no ward-level unit of Ho Chi Minh City has code {code!r}",
                           hint="Codes are the 5-digit national codes; `nlp.places.wards()` lists them.") from None


def extract_places(texts: Sequence[str]) -> list[list[Place]]:
    """The places each text names, in order of appearance."""
    texts = [_nfc(text or "") for text in texts]
    folded = fold_batch(texts) if texts else []
    return [_places(text, fold) for text, fold in zip(texts, folded, strict=True)]


def _nfc(text: str) -> str:
    """NFC, only where combining marks make it matter (a full normalisation costs more than the matching)."""
    return unicodedata.normalize("NFC", text) if _COMBINING.search(text) else text


def _places(text: str, folded: str) -> list[Place]:
    mentions = find_mentions(text, folded)
    if not mentions:
        return []
    named = {m.district.code: m.district for m in mentions if m.district is not None}
    context = next(iter(named.values())) if len(named) == 1 else None
    groups = [g for g in _groups(text, mentions) if not _weak_alone(g)]
    return [_resolve(text, group, context) for group in groups]


def _weak_alone(group: list[Mention]) -> bool:
    return len(group) == 1 and group[0].weak


def _groups(text: str, mentions: list[Mention]) -> list[list[Mention]]:
    """Neighbouring mentions of different kinds, within one sentence, describe one place."""
    groups: list[list[Mention]] = []
    for mention in mentions:
        current = groups[-1] if groups else None
        gap = mention.start - current[-1].end if current else 0
        limit = WEAK_GAP if mention.weak or (current and current[-1].weak) else MAX_GAP
        between = text[current[-1].end:mention.start] if current else ""
        if (current and mention.kind not in {m.kind for m in current} and gap <= limit
                and len(_WORDS.findall(between)) <= 2 and not _SENTENCE_END.search(text, current[-1].end, mention.start + 1)):
            current.append(mention)
        else:
            groups.append([mention])
    return groups


def _resolve(text: str, group: list[Mention], context: OldDistrict | None) -> Place:
    start, end = group[0].start, group[-1].end
    district = next((m.district for m in group if m.district is not None), None)
    street = next((m for m in group if m.kind == "street"), None)
    place = Place(mention=text[start:end].strip(), street=street.street if street else None,
                  alley=street.alley if street else None, old_district=district.name if district else None)
    ward = next((m for m in group if m.kind == "ward"), None)
    if ward is not None:
        _resolve_ward(place, ward.wards, district or context)
    elif district is not None and district.successor:
        _set_unit(place, district.successor)
    return place


def _resolve_ward(place: Place, candidates: list[Ward | OldWard], district: OldDistrict | None) -> None:
    old = [c for c in candidates if isinstance(c, OldWard)]
    new = [c for c in candidates if isinstance(c, Ward)]
    if district is not None:
        old_here = [c for c in old if c.district.code == district.code]
        if old_here:
            return _set_old(place, old_here[0])
    if new:
        return _set_unit(place, new[0].code)
    if len(old) == 1:
        return _set_old(place, old[0])
    if old:
        place.old_ward = old[0].name if len({c.name for c in old}) == 1 else None
        if len({c.successor for c in old}) == 1:
            _set_unit(place, old[0].successor)


def _set_old(place: Place, old: OldWard) -> None:
    place.old_ward, place.old_district = old.name, old.district.name
    _set_unit(place, old.successor)


def _set_unit(place: Place, code: str) -> None:
    unit = wards_by_code()[code]
    place.ward_code, place.ward = unit.code, unit.name
