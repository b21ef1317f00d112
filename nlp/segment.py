"""Word segmentation with pyvi: multi-syllable words joined by '_' ("Thành_phố", "Hồ_Chí_Minh").

pyvi unpickles its CRF model when it is imported (about two seconds), so it is imported on the
first call and kept; importing this module stays cheap.

pyvi's lexicon writes tone marks in the new style (hoà bình, sức khoẻ: 640 entries, none old
style), while normalisation settles on the old style. Text is therefore handed to pyvi in the
new style and the tokens rewritten back, so "hòa bình" is still found as one word.
"""
from __future__ import annotations

from functools import lru_cache
from types import ModuleType

from nlp.normalize import TONE_STYLE, normalize, unify_tone_marks

_PYVI_STYLE = "new"


@lru_cache(maxsize=1)
def _pyvi() -> ModuleType:
    from pyvi import ViTokenizer

    return ViTokenizer


def segment(text: str) -> list[str]:
    """Normalise, then segment into words; punctuation marks are tokens of their own."""
    normalized = normalize(text)
    if not normalized:
        return []
    segmented = _pyvi().tokenize(unify_tone_marks(normalized, _PYVI_STYLE))
    return unify_tone_marks(segmented, TONE_STYLE).split()
