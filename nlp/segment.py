"""Word segmentation with pyvi: multi-syllable words joined by '_' ("Thành_phố", "Hồ_Chí_Minh").

pyvi unpickles its CRF model when it is imported (about two seconds), so it is imported on the
first call and kept; importing this module stays cheap.

pyvi's lexicon writes tone marks in the new style (hoà bình, sức khoẻ: 640 entries, none old
style), while normalisation settles on the old style. Text is therefore handed to pyvi in the
new style and the tokens rewritten back, so "hòa bình" is still found as one word.

pyvi is the slowest step of enrichment: its CRF features are built in Python, syllable by
syllable, recomputing each lower-cased form and dictionary look-up up to three times. ``tokenize``
builds the very same feature dicts once per syllable and hands them to pyvi's own CRF tagger, then
joins syllables with pyvi's rules: the output is pyvi's, token for token (a test checks it on the
shipped texts), at about twice the speed. Segmentation is also per sentence-sized piece and cached:
comments repeat each other ("cảm ơn", "đồng ý", quoted passages), and an hourly run re-reads the
threads it saw an hour earlier.
"""
from __future__ import annotations

import re
import string
from collections.abc import Sequence
from functools import lru_cache
from types import ModuleType

from nlp.normalize import TONE_STYLE, normalize, unify_tone_marks

_PYVI_STYLE = "new"
CACHE_SIZE = 200_000
_PIECE = re.compile(r"(?<=[.!?;…])\s+")  # pyvi never joins words across these


@lru_cache(maxsize=1)
def _pyvi() -> ModuleType:
    from pyvi import ViTokenizer

    return ViTokenizer


def _features(syllables: list[str], bi_grams: set[str], tri_grams: set[str]) -> list[list[str]]:
    """pyvi's ``sent2features``, each value computed once, in python-crfsuite's plain form: a
    string feature ``key: value`` is the attribute ``key:value``, a true boolean the attribute
    ``key``. False booleans are left out: CRFsuite multiplies a weight by the attribute's value, so
    they add nothing to any score."""
    n = len(syllables)
    lower = [s.lower() for s in syllables]
    word = [f"word.lower():{w}" for w in lower]
    before = [f"-1:word.lower():{w}" for w in lower]
    after = [f"+1:word.lower():{w}" for w in lower]
    title = [s.istitle() for s in syllables]
    upper = [s.isupper() for s in syllables]
    bi = [f"{lower[i]} {lower[i + 1]}" in bi_grams for i in range(n - 1)]
    tri = [f"{lower[i]} {lower[i + 1]} {lower[i + 2]}" in tri_grams for i in range(n - 2)]
    items = []
    for i in range(n):
        item = ["bias", word[i]]
        flags = [(upper[i], "word.isupper()"), (title[i], "word.istitle()"), (syllables[i].isdigit(), "word.isdigit()")]
        if i > 0:
            item.append(before[i - 1])
            flags += [(title[i - 1], "-1:word.istitle()"), (upper[i - 1], "-1:word.isupper()"), (bi[i - 1], "-1:word.bi_gram()")]
            if i > 1:
                flags.append((tri[i - 2], "-2:word.tri_gram()"))
        if i < n - 1:
            item.append(after[i + 1])
            flags += [(title[i + 1], "+1:word.istitle()"), (upper[i + 1], "+1:word.isupper()"), (bi[i], "+1:word.bi_gram()")]
            if i < n - 2:
                flags.append((tri[i], "+2:word.tri_gram()"))
        item += [name for flag, name in flags if flag]
        items.append(item)
    return items


_PUNCTUATION = frozenset(string.punctuation)


def tokenize(text: str) -> str:
    """pyvi's ``ViTokenizer.tokenize``, output for output, with the features built once."""
    pyvi = _pyvi().ViTokenizer
    _, syllables = pyvi.sylabelize(text)
    if not syllables:
        return text
    labels = pyvi.model.tagger_.tag(_features(syllables, pyvi.bi_grams, pyvi.tri_grams))
    output = [syllables[0]]
    for i in range(1, len(labels)):
        this, before = syllables[i], syllables[i - 1]
        joined = (labels[i] == "I_W" and this not in _PUNCTUATION and before not in _PUNCTUATION and not this[0].isdigit()
                  and not before[0].isdigit() and not (this[0].istitle() and not before[0].istitle()))
        output.append(("_" if joined else " ") + this)
    return "".join(output)


@lru_cache(maxsize=CACHE_SIZE)
def _segment_piece(piece: str) -> tuple[str, ...]:
    segmented = tokenize(unify_tone_marks(piece, _PYVI_STYLE))
    return tuple(unify_tone_marks(segmented, TONE_STYLE).split())


def segment_normalized(text: str) -> list[str]:
    """Segment text that is already normalised."""
    return [token for piece in _PIECE.split(text) if piece for token in _segment_piece(piece)]


def segment(text: str) -> list[str]:
    """Normalise, then segment into words; punctuation marks are tokens of their own."""
    return segment_normalized(normalize(text))


def segment_many(texts: Sequence[str], normalized: bool = True) -> list[list[str]]:
    """Tokens of each text; ``normalized`` says the texts come out of ``normalize`` already."""
    return [segment_normalized(text) if normalized else segment(text) for text in texts]
