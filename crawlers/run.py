"""Run a crawl: ``crawl()`` for library callers (DAG tasks, the CLI, tests), ``python -m crawlers.run``
for the child process that does the work.

Scrapy runs on Twisted's reactor, which cannot restart inside one process, while Airflow tasks
and tests crawl more than once: so ``crawl()`` always runs the crawl in a child process, streams
its log to stderr and reads back the report it leaves next to the output.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import shutil
import subprocess
import sys
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from core.errors import ConfigError, CrawlFailed, InvalidInput, LangNgheError
from core.settings import ROOT, Settings, get_settings

PROFILES = ("demo", "live")
_PASSED_SETTINGS = {"user_agent", "contact", "download_delay", "max_comment_pages", "max_pages_per_run",
                    "comment_window_days", "http_cache", "data_dir", "sources_file", "demo_port"}
_TAIL_LINES = 40
logger = logging.getLogger("crawlers.run")


@dataclass(frozen=True)
class CrawlReport:
    """What a crawl produced: the JSONL file, counts, and every source's Scrapy stats."""

    out: Path
    items: int
    invalid: int
    duplicates: int
    errors: int
    per_source: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_file(cls, path: Path) -> CrawlReport:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        stats = data["sources"]

        def total(*keys: str) -> int:
            return sum(int(s.get(k, 0)) for s in stats.values() for k in keys)

        return cls(out=Path(data["out"]), items=data["documents"], invalid=total("validate/invalid"),
                   duplicates=total("dedupe/duplicates"),
                   errors=total("log_count/ERROR", "downloader/exception_count"), per_source=stats)

    def summary(self) -> str:
        return (f"{self.items} documents from {len(self.per_source)} source(s) → {self.out} "
                f"({self.invalid} invalid, {self.duplicates} duplicates, {self.errors} errors)")


def report_path(out: Path) -> Path:
    """The JSON report written next to a crawl's output: ``run.jsonl`` → ``run.report.json``."""
    return Path(out).with_suffix(".report.json")


def crawl(profile: str, out: Path, collected_at: datetime, sources: list[str] | None = None,
          settings: Settings | None = None, since: dict[str, datetime | None] | None = None,
          scrapy_settings: dict[str, Any] | None = None) -> CrawlReport:
    """Crawl ``sources`` (default: all configured for ``profile``) into the JSONL file ``out``.

    ``collected_at`` is the run's data-interval end and is stamped on every document; ``since``
    maps a source to its lower bound (items published at or before it are skipped);
    ``scrapy_settings`` override Scrapy settings of this run (benchmarks). Raises
    ``CrawlFailed`` (with the tail of the crawl log) when the crawl process fails.
    """
    if profile not in PROFILES:
        raise InvalidInput(f"unknown profile {profile!r}; use one of {PROFILES}")
    if collected_at.tzinfo is None:
        raise InvalidInput("collected_at must carry a time zone (it is the run's data-interval end)")
    from crawlers.sources import plan_sources

    path = (settings or get_settings()).sources_file
    plan_sources(profile, sources, demo_url="http://127.0.0.1", path=path)  # a bad config fails here, not in the child
    out = Path(out).resolve()
    cmd = [sys.executable, "-m", "crawlers.run", "--profile", profile, "--out", str(out),
           "--collected-at", collected_at.isoformat()]
    for name in sources or []:
        cmd += ["--source", name]
    if settings is not None:
        cmd += ["--settings-json", settings.model_dump_json(include=_PASSED_SETTINGS)]
    bounds = {name: when.isoformat() for name, when in (since or {}).items() if when is not None}
    if bounds:
        cmd += ["--since-json", json.dumps(bounds)]
    if scrapy_settings:
        cmd += ["--scrapy-json", json.dumps(scrapy_settings)]
    returncode, tail = _run_child(cmd)
    if returncode != 0:
        raise CrawlFailed(f"the {profile} crawl exited with status {returncode}; last lines of its log:\n"
                          + "".join(tail).rstrip())
    return CrawlReport.from_file(report_path(out))


def _run_child(cmd: list[str]) -> tuple[int, deque[str]]:
    """Run the crawl process, passing its log through to our stderr and keeping the tail."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    tail: deque[str] = deque(maxlen=_TAIL_LINES)
    with subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True,
                          encoding="utf-8", errors="replace") as proc:
        assert proc.stderr is not None
        for line in proc.stderr:
            sys.stderr.write(line)
            tail.append(line)
    return proc.returncode, tail


# --- the child process ---------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _crawl_here(args)
    except LangNgheError as exc:
        print(f"crawl failed: {exc.render()}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m crawlers.run", description="Run one crawl in this process.")
    parser.add_argument("--profile", choices=PROFILES, required=True)
    parser.add_argument("--out", type=Path, required=True, help="JSONL output file")
    parser.add_argument("--collected-at", required=True, help="ISO time with zone: the run's data-interval end")
    parser.add_argument("--source", action="append", help="source name (repeatable; default: all)")
    parser.add_argument("--settings-json", help="collection settings overriding the environment")
    parser.add_argument("--scrapy-json", help="Scrapy settings overriding the project's (benchmarks)")
    parser.add_argument("--since-json", help='{"source": ISO time}: skip items published at or before it')
    return parser


def _crawl_here(args: argparse.Namespace) -> int:
    from crawlers.demo_server import DemoServer
    from crawlers.report import FINISHED
    from crawlers.sources import plan_sources

    settings = Settings(**json.loads(args.settings_json)) if args.settings_json else get_settings()
    collected_at = datetime.fromisoformat(args.collected_at)
    if collected_at.tzinfo is None:
        raise InvalidInput(f"--collected-at {args.collected_at!r} has no time zone")
    out: Path = args.out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    report_path(out).unlink(missing_ok=True)
    parts = out.parent / f".{out.name}.parts"
    shutil.rmtree(parts, ignore_errors=True)

    process = _process(settings, args.profile, parts, json.loads(args.scrapy_json or "{}"))
    with contextlib.ExitStack() as stack:
        demo = DemoServer(port=settings.demo_port) if args.profile == "demo" else None
        demo_url = stack.enter_context(demo).base_url if demo else None
        plans = plan_sources(args.profile, args.source, demo_url, path=settings.sources_file)
        since = {k: datetime.fromisoformat(v) for k, v in json.loads(args.since_json or "{}").items()}
        crawlers = {plan.name: _schedule(process, plan, collected_at, since.get(plan.name)) for plan in plans}
        process.start()
    stats = {name: dict(c.stats.get_stats()) if c.stats else {} for name, c in crawlers.items()}
    unfinished = {name: s.get("finish_reason") for name, s in stats.items() if s.get("finish_reason") not in FINISHED}
    if unfinished:
        logger.error("crawl did not finish: %s", unfinished)
        return 1
    documents = _merge([parts / f"{name}.jsonl" for name in crawlers], out)
    platforms = {name: getattr(c.spidercls, "platform", None) for name, c in crawlers.items()}
    _write_json(report_path(out), {"profile": args.profile, "collected_at": collected_at.isoformat(),
                                   "out": str(out), "documents": documents, "sources": stats,
                                   "platforms": platforms, "since": args.since_json and json.loads(args.since_json)})
    shutil.rmtree(parts)
    logger.info("%s", CrawlReport.from_file(report_path(out)).summary())
    return 0


def _process(settings: Settings, profile: str, spool_dir: Path, overrides: dict[str, Any]) -> Any:
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings as ScrapySettings

    from crawlers.settings import for_run

    scrapy_settings = ScrapySettings()
    scrapy_settings.setmodule("crawlers.settings", priority="project")
    scrapy_settings.update(for_run(settings, profile, spool_dir) | overrides, priority="cmdline")
    return CrawlerProcess(scrapy_settings)


def _schedule(process: Any, plan: Any, collected_at: datetime, since: datetime | None) -> Any:
    try:
        crawler = process.create_crawler(plan.spider)
    except KeyError:
        raise ConfigError(f"source {plan.name!r} names spider {plan.spider!r}, which does not exist",
                          "Use the `name` of a spider in crawlers/spiders/.") from None
    process.crawl(crawler, plan=plan, collected_at=collected_at, since=since)
    return crawler


def _merge(files: list[Path], out: Path) -> int:
    """Concatenate the sources' spools into ``out`` atomically; returns the number of documents."""
    tmp = out.with_name(out.name + ".tmp")
    count = 0
    with tmp.open("w", encoding="utf-8") as sink:
        for path in files:
            if not path.is_file():  # a spider that never opened (it failed to start) spooled nothing
                continue
            text = path.read_text(encoding="utf-8")
            count += text.count("\n")
            sink.write(text)
    os.replace(tmp, out)
    return count


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, path)


if __name__ == "__main__":
    sys.exit(main())
