"""Language identification (Vietnamese or not) with py3langid, which ships its model in the wheel.

py3langid (a maintained fork of langid.py; n-gram naive Bayes, 97 languages) is restricted to the
languages that turn up in Ho Chi Minh City's public comments (``LANGUAGES``): that lifts both its
accuracy on short comments and its speed (about 20,000 comments/s on one core, measured in
docs/nlp.md) over the full set, and over lingua-language-detector, which was measured too.

No statistical identifier recognises Vietnamese typed without diacritics ("duong ngap qua"):
py3langid calls 95% of such comments Indonesian or English. So a text the identifier does not
call Vietnamese and that has no letter outside ASCII is checked against Vietnamese spelling: when
at least ``UNACCENTED_SHARE`` of its words are possible Vietnamese syllables (an onset, one to three
vowels and one of the eight codas; English words such as "street", "with", "model" are not) it is
counted as Vietnamese, with that share as its score.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

LANGUAGES = ("vi", "en", "zh", "ja", "ko", "th", "km", "lo", "fr", "de", "es", "ru", "id")
UNDETERMINED = "und"
UNACCENTED_SHARE = 0.7
SCORE_DIGITS = 4

_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")
_WORD = re.compile(r"[^\W\d_]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def unaccented_vietnamese_share(text: str) -> float:
    """Share of the words of ``text`` that are spelt like a Vietnamese syllable without diacritics."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    return sum(bool(_SYLLABLE.fullmatch(word)) for word in words) / len(words)


def _detect_one(text: str) -> tuple[str, float]:
    if not _HAS_LETTER.search(text):
        return UNDETERMINED, 0.0
    language, score = _identifier().classify(text)
    if language != "vi" and text.isascii() and len(_WORD.findall(text)) >= 2:
        share = unaccented_vietnamese_share(text)
        if share >= UNACCENTED_SHARE:
            return "vi", round(share, SCORE_DIGITS)
    return str(language), round(float(score), SCORE_DIGITS)


def detect(texts: Sequence[str]) -> list[tuple[str, float]]:
    """(ISO 639-1 code, probability) per text, in order; ``und`` with 0.0 for text without letters."""
    return [_detect_one(text) for text in texts]
