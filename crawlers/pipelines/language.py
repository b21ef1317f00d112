"""Check each text's language with ``nlp.language.detect`` (batch-first: a list of texts in, a list of
(code, score) out), when that module exists: the detected code is stored on the Post and a mismatch
with the source's expected language is counted, not dropped. A detector failure is counted and the
item passes unchanged: a language check never loses a document."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from core.schema import Post

logger = logging.getLogger(__name__)
MIN_CHARS = 20  # shorter texts ("ok", emoji) say nothing reliable about their language


def load_detector() -> Callable[[str], Any] | None:
    try:
        from nlp.language import detect
    except ImportError:
        return None
    return detect


def language_of(result: Any) -> tuple[str | None, float | None]:
    """(code, score) from what the detector returns: a code, a (code, score) pair, or an object."""
    if isinstance(result, str) or result is None:
        return result, None
    if isinstance(result, tuple | list):
        return (result[0], float(result[1]) if len(result) > 1 else None)
    code = getattr(result, "language", None) or getattr(result, "lang", None) or getattr(result, "label", None)
    score = getattr(result, "score", None)
    return code, float(score) if score is not None else None


class LanguagePipeline:
    def __init__(self, stats: Any, detect: Callable[[str], Any] | None) -> None:
        self.stats = stats
        self.detect = detect
        if detect is None:
            logger.info("language check skipped: nlp.language.detect is not available")

    @classmethod
    def from_crawler(cls, crawler: Any) -> LanguagePipeline:
        return cls(crawler.stats, load_detector())

    def process_item(self, item: Post) -> Post:
        if self.detect is None:
            self.stats.inc_value("language/skipped")
            return item
        if len(item.text) < MIN_CHARS:
            self.stats.inc_value("language/too_short")
            return item
        try:
            code, _ = language_of(self.detect([item.text])[0])
        except Exception as exc:  # noqa: BLE001 - counted and logged; the item is kept
            self.stats.inc_value("language/errors")
            logger.warning("language check failed on %s: %r", item.id, exc)
            return item
        if not code or code == "und":
            self.stats.inc_value("language/unknown")
            return item
        if item.language and code != item.language:
            self.stats.inc_value(f"language/mismatch/{code}")
        return item.model_copy(update={"language": code})
