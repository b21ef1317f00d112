"""Text normalisation: one pure, one-way chain that every later step (segmentation, the
classifier, the index) starts from.

The steps run in this order, and each step's output is stable under the steps before it,
so ``normalize(normalize(t)) == normalize(t)``:

1. HTML leftovers → text: entities unescaped (repeatedly, for double-escaped feeds), break
   tags (``<br>``, ``<p>``, ``<div>``, ``<li>``) → space, simple inline tags dropped.
2. Invisible characters deleted (``rules/invisible_chars.tsv``).
3. Unicode NFC, so "ộ" is one code point whether it arrived composed or decomposed.
4. Tone-mark placement unified to the **old style** — hòa, khỏe, thúy, ủy — from the table in
   ``rules/tone_marks.tsv``. Old style dominates the shipped training data: 424 of 522 (81%)
   syllable-final oa/oe/uy with a tone mark in UIT-VSFC (train+dev: 247 old / 38 new) and
   VLSP 2016 (177 old / 60 new), and in every other staged corpus but two; so serving text is
   rewritten into the form the model learnt from.
5. Whitespace collapsed to single spaces, ends stripped.

Case is kept: lower-casing is a feature step of the classifier, not of normalisation.
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

RULES_DIR = Path(__file__).with_name("rules")
TONE_STYLE = "old"  # column of rules/tone_marks.tsv that text is rewritten into

# No space after "<": "x < a và b > c" is text, not a tag.
_BLOCK_TAG = re.compile(r"</?(?:br|p|div|li|ul|ol|blockquote|h[1-6])\b[^<>]*>", re.IGNORECASE)
_INLINE_TAG = re.compile(r"</?(?:b|i|u|em|strong|span|a|font|small|sup|sub)\b[^<>]*>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_NOT_A_LETTER = r"(?![^\W\d_])"


def read_rules(name: str) -> list[list[str]]:
    """Rows of a tab-separated rules file, comments and blank lines skipped."""
    text = (RULES_DIR / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _unescape_once(text: str) -> str:
    return _INLINE_TAG.sub("", _BLOCK_TAG.sub(" ", html.unescape(text)))


def unescape_html(text: str) -> str:
    """Repeat to a fixed point: feeds escape twice ("&amp;lt;br&amp;gt;"), and one pass could
    leave text that a second pass would change."""
    for _ in range(5):
        unescaped = _unescape_once(text)
        if unescaped == text:
            break
        text = unescaped
    return text


@lru_cache(maxsize=1)
def _invisible() -> dict[int, None]:
    return {int(code.removeprefix("U+"), 16): None for code, *_ in read_rules("invisible_chars.tsv")}


def drop_invisible(text: str) -> str:
    return text.translate(_invisible())


def to_nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=2)
def _tone_rules(style: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every rime to rewrite into ``style``, and the lower-case rewrite for each."""
    if style not in ("old", "new"):
        raise ValueError(f"tone-mark style must be 'old' or 'new', not {style!r}")
    target_col = 0 if style == "old" else 1
    source_col = 1 - target_col
    alternatives, rewrite = [], {}
    for row in read_rules("tone_marks.tsv"):
        source, target, not_after = row[source_col], row[target_col], row[2]
        guard = "" if not_after == "-" else f"(?<!{re.escape(not_after)})"
        alternatives.append(f"{guard}{re.escape(source)}")
        rewrite[source] = target
    pattern = re.compile(f"(?:{'|'.join(alternatives)}){_NOT_A_LETTER}", re.IGNORECASE)
    return pattern, rewrite


def _same_case(target: str, like: str) -> str:
    return "".join(t.upper() if o.isupper() else t for t, o in zip(target, like, strict=True))


def unify_tone_marks(text: str, style: str = TONE_STYLE) -> str:
    """Move the tone mark of a syllable-final oa/oe/uy to where ``style`` puts it.

    Expects NFC text. Only rimes that end the syllable move: in hoàn, xoáy, khuỷu, uyên,
    qua, gia, thuở the mark sits in the same place in both styles and is left alone. The two
    directions are exact inverses, which segmentation relies on (pyvi's lexicon is new style).
    """
    pattern, rewrite = _tone_rules(style)
    return pattern.sub(lambda m: _same_case(rewrite[m.group().lower()], m.group()), text)


def collapse_whitespace(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


STEPS: tuple[Callable[[str], str], ...] = (
    unescape_html, drop_invisible, to_nfc, unify_tone_marks, collapse_whitespace,
)


def normalize(text: str) -> str:
    """Run the whole chain; pure and idempotent."""
    for step in STEPS:
        text = step(text)
    return text
