"""Crawl throughput: every configured source crawled from the demo server (real spiders, parse
callbacks and pipelines over the recorded pages), beside ``scrapy bench`` run on the same machine.

Both figures are pages per second of one Scrapy process: ours over the recordings of every
platform, Scrapy's over its own local link-following benchmark server.
"""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.errors import CrawlFailed
from core.settings import Settings

# parse throughput, not politeness: the loopback demo server needs neither delay nor throttling
_UNTHROTTLED = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "LOG_LEVEL": "WARNING"}
_COUNT = re.compile(r"'downloader/response_count': (\d+)")
_ELAPSED = re.compile(r"'elapsed_time_seconds': ([\d.]+)")


def bench_demo_crawl(settings: Settings, rounds: int = 1) -> dict[str, Any]:
    """Pages per second over the demo recordings (no HTTP cache: every page downloaded and parsed)."""
    from crawlers.run import crawl

    pages = 0
    seconds = 0.0
    with tempfile.TemporaryDirectory(prefix="langnghe-bench-") as tmp:
        bench_settings = settings.model_copy(update={"data_dir": Path(tmp), "http_cache": False})
        for n in range(rounds):
            report = crawl("demo", Path(tmp) / f"bench{n}.jsonl", datetime(2026, 1, 1, tzinfo=UTC),
                           settings=bench_settings, scrapy_settings=_UNTHROTTLED)
            stats = report.per_source.values()
            pages += sum(int(s.get("downloader/response_count", 0)) for s in stats)
            seconds += max(float(s.get("elapsed_time_seconds", 0)) for s in stats)
    return {"pages": pages, "seconds": round(seconds, 3), "pages_per_s": round(pages / seconds, 2) if seconds else 0.0,
            "sources": len(report.per_source)}


def bench_scrapy(seconds: int = 10) -> dict[str, Any]:
    """``scrapy bench`` for ``seconds`` (it stops itself by CLOSESPIDER_TIMEOUT); pages/s from its final stats."""
    cmd = [sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}", "-s", "LOG_LEVEL=INFO"]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="langnghe-scrapy-bench-") as tmp:
        result = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=seconds + 120)
    log = result.stdout + result.stderr
    count, elapsed = _COUNT.search(log), _ELAPSED.search(log)
    if result.returncode != 0 or not count or not elapsed:
        raise CrawlFailed(f"scrapy bench failed (exit {result.returncode}); last lines:\n" + "\n".join(log.splitlines()[-15:]))
    pages, secs = int(count.group(1)), float(elapsed.group(1))
    return {"pages": pages, "seconds": secs, "pages_per_s": round(pages / secs, 2),
            "wall_s": round(time.monotonic() - started, 1)}
