"""Short Vietnamese extractive summaries: TextRank over pyvi words (no downloaded model).

Sentences are the graph's nodes; two sentences are linked by the words they share, normalised by
their lengths (Mihalcea & Tarau, 2004); PageRank picks the most central sentences, which are
returned in their original order.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence

from nlp.segment import segment

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_WORD = re.compile(r"\w", re.UNICODE)
# Function words carry no topic; kept short and plain (pyvi joins compound words with "_").
_STOP = frozenset("""và là của có cho không được thì mà này đó các những một với trong khi đã đang sẽ rất
cũng như để ở tại từ bị vì nên thế nào gì ai ra vào lên xuống lại còn vẫn chỉ đến nhưng hay hoặc
nhiều ít rồi thôi nữa ạ nhé nha ơi""".split())


def sentences(texts: Sequence[str], min_words: int = 4) -> list[str]:
    """Sentences of ``texts`` in order, without duplicates and without very short ones."""
    seen: set[str] = set()
    found = []
    for text in texts:
        for sentence in _SENTENCE_END.split(text or ""):
            sentence = sentence.strip()
            key = sentence.lower()
            if len(sentence.split()) >= min_words and key not in seen:
                seen.add(key)
                found.append(sentence)
    return found


def _words(sentence: str) -> set[str]:
    return {w.lower() for w in segment(sentence) if _WORD.search(w) and w.lower() not in _STOP}


def textrank(items: Sequence[str], k: int = 2, damping: float = 0.85, iterations: int = 50,
             max_sentences: int = 60) -> list[str]:
    """The ``k`` most central sentences of ``items`` (texts of one incident), in their order."""
    candidates = sentences(items)[:max_sentences]
    if len(candidates) <= k:
        return candidates
    words = [_words(s) for s in candidates]
    n = len(candidates)
    weights = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            shared = len(words[i] & words[j])
            if shared and len(words[i]) > 1 and len(words[j]) > 1:
                weights[i][j] = weights[j][i] = shared / (math.log(len(words[i])) + math.log(len(words[j])))
    totals = [sum(row) for row in weights]
    scores = [1.0 / n] * n
    for _ in range(iterations):
        scores = [(1 - damping) / n + damping * sum(weights[j][i] / totals[j] * scores[j]
                                                    for j in range(n) if weights[j][i] and totals[j])
                  for i in range(n)]
    best = sorted(range(n), key=lambda i: (-scores[i], i))[:k]
    return [candidates[i] for i in sorted(best)]


def summarize(items: Sequence[str], k: int = 2, max_chars: int = 400) -> str:
    """A summary of at most ``k`` sentences and about ``max_chars`` characters."""
    summary = " ".join(textrank(items, k=k))
    return summary if len(summary) <= max_chars else summary[: max_chars - 1].rsplit(" ", 1)[0] + "…"
