"""Accent folding done in Python, so search without diacritics works on any cluster.

Elasticsearch's asciifolding filter lives in the analysis-common module, which the
embedded test distribution lacks; folding here and indexing a ``*_folded`` field
works the same on every cluster.
"""
from __future__ import annotations

import unicodedata

_SPECIAL = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Lower-case text with every diacritic removed and đ → d: 'Đường ngập' → 'duong ngap'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped).lower()
