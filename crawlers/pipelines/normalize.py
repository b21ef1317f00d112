"""Tidy the text fields of a Post: Unicode NFC, no invisible characters, single spaces, empty → None.
Counted per field changed; nothing is dropped here."""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from core.schema import Post

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_FIELDS = ("title", "text", "author")


def tidy(value: str | None) -> str | None:
    if value is None:
        return None
    value = _INVISIBLE.sub("", unicodedata.normalize("NFC", value)).replace("\u00a0", " ")
    lines = (" ".join(line.split()) for line in value.splitlines())
    text = "\n".join(line for line in lines if line)
    return re.sub(r"\n{3,}", "\n\n", text) or None


class NormalizePipeline:
    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> NormalizePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Post) -> Post:
        changes: dict[str, Any] = {}
        for name in _FIELDS:
            before = getattr(item, name)
            after = tidy(before)
            if name == "text":
                after = after or ""
                if not after:
                    self.stats.inc_value("normalize/empty_text")
            if after != before:
                changes[name] = after
                self.stats.inc_value(f"normalize/{name}")
        if item.url != item.url.strip():
            changes["url"] = item.url.strip()
        return item.model_copy(update=changes) if changes else item
