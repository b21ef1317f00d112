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
5. Personal data masked (``mask_pii``): URLs, e-mail addresses, @mentions and Vietnamese phone
   numbers (mobile 0[35789]x, landline 02x, +84/84 prefixes, 1800/1900 hotlines; with spaces, dots
   or dashes between groups) become ``__url__``, ``__email__``, ``__user__`` and ``__phone__``: one
   word for pyvi and the classifiers, and nothing personal in the indexed text. ``masked_values``
   returns what was masked, for views that may show it.
6. Letters repeated three times or more for emphasis collapse to one ("quáaaa" → "quá",
   "đẹppppp" → "đẹp"); a letter and its toned forms count as the same letter, while ơ/ư/â/ê/ô/ă
   stay distinct letters (so "ưu" is never touched). No Vietnamese word has a letter three times.
7. Emoji are kept as tokens of their own: a space on each side, a run of one emoji collapsed to one.
   Emoticons (":)", "=))", ":v", "<3") are left as written.
8. Teencode and chat abbreviations (``rules/teencode.tsv``: ko → không, dc → được, j → gì, …)
   expanded, on whole words only (see the table's header for the guards).
9. Whitespace collapsed to single spaces, ends stripped.

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


@lru_cache(maxsize=1)
def _invisible_class() -> re.Pattern[str]:
    return re.compile("[" + "".join(chr(code) for code in _invisible()) + "]")


def drop_invisible(text: str) -> str:
    return text.translate(_invisible()) if _invisible_class().search(text) else text


def to_nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=2)
def _tone_rules(style: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every rime to rewrite into ``style``, and the lower-case rewrite for each."""
    if style not in ("old", "new"):
        raise ValueError(f"tone-mark style must be 'old' or 'new', not {style!r}")
    target_col = 0 if style == "old" else 1
    source_col = 1 - target_col
    seconds: dict[tuple[str, str], str] = {}  # (guard, first letter) -> second letters, for one fast regex
    rewrite = {}
    for row in read_rules("tone_marks.tsv"):
        source, target, not_after = row[source_col], row[target_col], row[2]
        guard = "" if not_after == "-" else f"(?<![{re.escape(not_after + not_after.upper())}])"
        key = (guard, source[0])
        seconds[key] = seconds.get(key, "") + source[1] + source[1].upper()
        rewrite[source] = target
    alternatives = [f"{guard}[{re.escape(first + first.upper())}][{re.escape(chars)}]" for (guard, first), chars in seconds.items()]
    pattern = re.compile(f"(?:{'|'.join(alternatives)}){_NOT_A_LETTER}")
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


_URL = r"(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]]|\b[\w-]+(?:\.[\w-]+)*\.(?:com|vn|net|org|info|io|me|ly|gl)(?:/[^\s<>\"']*[^\s<>\"'.,;:!?)\]])?(?![\w.])"
_EMAIL = r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b"
_MENTION = r"(?<![\w.@])@\w[\w.]*\w"
_SEP = r"[ .-]?"
_PHONE = (r"(?<![\w+.,/])(?:"
          rf"(?:\+84|84|0){_SEP}[35789]\d(?:{_SEP}\d){{7}}"  # mobile: 0 + 9 digits
          rf"|(?:\+84|84|0){_SEP}2\d(?:{_SEP}\d){{8}}"  # landline: 02x + 8 digits
          rf"|1[89]00{_SEP}\d{{2}}(?:{_SEP}?\d{{2}}){{1,2}}"  # 1800 / 1900 hotlines
          r")(?![\w/]|[.,]\d)")
PII = {"email": _EMAIL, "url": _URL, "user": _MENTION, "phone": _PHONE}  # order matters: e-mails before URLs
_PII = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in PII.items()), re.IGNORECASE)


_MAYBE_PII = re.compile(r"@|\d\d\d|://|www\.|\.(?:com|vn|net|org|info|io|me|ly|gl)\b", re.IGNORECASE)


def mask_pii(text: str) -> str:
    """URLs, e-mail addresses, @mentions and phone numbers → ``__url__``, ``__email__``, … ."""
    if not _MAYBE_PII.search(text):
        return text
    return _PII.sub(lambda m: f" __{m.lastgroup}__ ", text)


def masked_values(text: str) -> list[tuple[str, str]]:
    """(kind, value) of everything ``mask_pii`` would mask in ``text``, in order (text as given to
    ``normalize``): what an officer's view may show beside the masked text."""
    prepared = to_nfc(drop_invisible(unescape_html(text)))
    return [(m.lastgroup or "", m.group()) for m in _PII.finditer(prepared)]


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@lru_cache(maxsize=4096)
def _base(letter: str) -> str:
    """A letter without its tone mark (á → a, ấ → â, ự → ư)."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", letter) if c not in _TONES)).lower()


_DOUBLED = re.compile(r"([^\W\d_])\1")  # cheap test: a letter written twice in a row ("quáaaa" has "aa")


def _run_key(pair: tuple[int, str]) -> str | int:
    index, char = pair
    return _base(char) if char.isalpha() else -index - 1  # a non-letter never joins a run


def squeeze_repeats(text: str) -> str:
    """Collapse a letter written three or more times (its toned forms included) to its first copy."""
    if not _DOUBLED.search(text):
        return text
    from itertools import groupby

    out = []
    for _, group in groupby(enumerate(text), key=_run_key):
        chars = [char for _, char in group]
        out.append(chars[0] if len(chars) >= 3 else "".join(chars))
    return "".join(out)


_EMOJI = re.compile(
    "(?:[\U0001F1E6-\U0001F1FF]{2}"  # flags
    "|[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF]"
    "(?:[\U0001F3FB-\U0001F3FF\uFE0F]|\u200D[\U0001F300-\U0001FAFF\u2600-\u27BF])*)")
_EMOJI_RUN = re.compile(f"({_EMOJI.pattern})(?:\\s*\\1)+")


def space_emoji(text: str) -> str:
    """Each emoji a token of its own; a run of the same emoji becomes one."""
    if text.isascii():
        return text
    text = _EMOJI_RUN.sub(r"\1", text)
    return _EMOJI.sub(lambda m: f" {m.group()} ", text)


@lru_cache(maxsize=1)
def _teencode() -> dict[str, tuple[str, bool]]:
    return {row[0]: (row[1], row[2] == "digit") for row in read_rules("teencode.tsv")}


# A whole word: start, space or an opening bracket/quote before; end, space or punctuation after.
_STANDALONE = re.compile(r"(?<![^\s(\"'“])([^\W_]{1,8})(?=$|[\s.,!?;:)\"'”…])")


def _expand(match: re.Match[str]) -> str:
    word = match.group(1)
    entry = _teencode().get(word.lower())
    if entry is None or not (word.islower() or (len(word) > 1 and word[0].isupper() and word[1:].islower())):
        return word
    full, digit_guard = entry
    if digit_guard and re.search(r"\d\s*$", match.string[: match.start()]):
        return word
    return full[0].upper() + full[1:] if word[0].isupper() else full


def expand_teencode(text: str) -> str:
    """Teencode and abbreviations → standard spelling, on whole words (``rules/teencode.tsv``)."""
    return _STANDALONE.sub(_expand, text)


STEPS: tuple[Callable[[str], str], ...] = (
    unescape_html, drop_invisible, to_nfc, unify_tone_marks, mask_pii, squeeze_repeats, space_emoji, expand_teencode,
    collapse_whitespace,
)


def normalize(text: str) -> str:
    """Run the whole chain; pure and idempotent."""
    for step in STEPS:
        text = step(text)
    return text
