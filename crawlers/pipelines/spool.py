"""Write each document as a JSON line to the run's spool: ``<LANGNGHE_SPOOL_DIR>/<source>.jsonl``.

Lines go to ``<source>.jsonl.part``, flushed per item, so a crash leaves evidence but never a
file that looks complete. At close the lines are sorted by id and the file renamed into place:
the same input gives a byte-identical file, whatever order the responses arrived in.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from core.errors import ConfigError
from core.schema import Post


class SpoolPipeline:
    def __init__(self, spool_dir: Path, source: str, stats: Any) -> None:
        self.path = spool_dir / f"{source}.jsonl"
        self.part = self.path.with_name(self.path.name + ".part")
        self.stats = stats
        self.file: IO[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> SpoolPipeline:
        spool_dir = crawler.settings.get("LANGNGHE_SPOOL_DIR")
        if not spool_dir:
            raise ConfigError("LANGNGHE_SPOOL_DIR is not set, so crawled documents have nowhere to go",
                              "Run crawls through crawlers.run.crawl() (or `python -m crawlers.run`).")
        source = getattr(crawler.spider, "source_name", None) or crawler.spider.name
        return cls(Path(spool_dir), source, crawler.stats)

    def open_spider(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.file = self.part.open("w", encoding="utf-8")

    def process_item(self, item: Post) -> Post:
        assert self.file is not None
        self.file.write(json.dumps(item.to_document(), ensure_ascii=False) + "\n")
        self.file.flush()
        self.stats.inc_value("spool/written")
        return item

    def close_spider(self) -> None:
        if self.file is None:
            return
        self.file.close()
        lines = self.part.read_text(encoding="utf-8").splitlines(keepends=True)
        lines.sort(key=lambda line: json.loads(line)["id"])
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text("".join(lines), encoding="utf-8")
        os.replace(tmp, self.path)
        self.part.unlink()

