"""Build the ``Post`` from a spider's item; an invalid item is counted per bad field and dropped
with its reason in the log, never lost silently."""
from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from pydantic import ValidationError
from scrapy.exceptions import DropItem

from core.schema import Post


class ValidatePipeline:
    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> ValidatePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Post:
        if isinstance(item, Post):
            return item
        fields = ItemAdapter(item).asdict()
        try:
            return Post.model_validate(fields)
        except ValidationError as exc:
            problems = {str(e["loc"][0]) if e["loc"] else "(item)": e["msg"] for e in exc.errors()}
            for name in problems:
                self.stats.inc_value(f"invalid/{name}")
            self.stats.inc_value("validate/invalid")
            which = f"{fields.get('source')} {fields.get('kind')} {fields.get('canonical_id') or fields.get('url')}"
            raise DropItem(f"invalid {which}: " + "; ".join(f"{k}: {v}" for k, v in problems.items())) from None
