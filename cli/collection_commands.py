"""Commands of collection: ``langnghe collect``, ``langnghe sources``, ``langnghe bench crawl``."""
from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta

from core.settings import Settings


def register(sub, bench) -> None:
    collect = sub.add_parser("collect", help="crawl → enrich → index → record for some or all sources, once")
    collect.add_argument("--source", action="append", help="source name (repeatable; default: all)")
    collect.add_argument("--profile", choices=["demo", "live"], help="default: settings")
    collect.add_argument("--since", help="backfill: collect items published after this ISO date/time, "
                                         "ignoring the watermarks")
    collect.set_defaults(func=_collect)

    sources = sub.add_parser("sources", help="configured sources: schedule, scope, watermark, last run")
    sources.add_argument("--profile", choices=["demo", "live"], help="default: settings")
    sources.add_argument("--json", action="store_true", help="print one JSON object")
    sources.set_defaults(func=_sources)

    crawl = bench.add_parser("crawl", help="crawl throughput over the demo recordings vs `scrapy bench`")
    crawl.add_argument("--json", action="store_true", help="print one JSON object")
    crawl.add_argument("--scrapy-seconds", type=int, default=10, help="how long `scrapy bench` runs")
    crawl.add_argument("--rounds", type=int, default=1, help="demo crawls to time")
    crawl.set_defaults(func=_bench_crawl)


def _collect(args, settings: Settings) -> int:
    from crawlers.state import parse_since
    from pipeline.listening import Interval, run_once

    end = datetime.now(UTC).replace(second=0, microsecond=0)
    report = run_once(Interval(end - timedelta(hours=1), end), args.profile, settings, args.source,
                      parse_since(args.since))
    failed = report.pop("failed")
    report.pop("per_source", None)
    print(json.dumps(report | {"failed": len(failed)}, ensure_ascii=False))
    return 1 if failed else 0


def _sources(args, settings: Settings) -> int:
    from crawlers.sources import load_sources
    from crawlers.state import load_state

    profile = args.profile or settings.profile
    runs = _latest_runs(settings, profile)
    rows = {}
    for name, source in load_sources(settings.sources_file).items():
        state = load_state(settings, profile, name)
        run = runs.get(name)
        rows[name] = {"spider": source.spider, "schedule": source.schedule, "scope": source.scope.include,
                      "watermark": state.watermark and state.watermark.isoformat(),
                      "last_success_at": state.last_success_at and state.last_success_at.isoformat(),
                      "last_status": run.status.value if run else None, "last_items": run.items if run else None}
    if args.json:
        print(json.dumps({"profile": profile, "sources": rows}, ensure_ascii=False))
        return 0
    for name, row in rows.items():
        print(f"{name:16} {row['spider']:10} {row['schedule']:14} last={row['last_status'] or '-':14} "
              f"watermark={row['watermark'] or '-'}")
    return 0


def _latest_runs(settings: Settings, profile: str) -> dict:
    from core.errors import ElasticsearchUnavailable
    from store.client import make_client
    from store.source_runs import latest_runs

    try:
        return latest_runs(make_client(settings), settings, profile)
    except ElasticsearchUnavailable as exc:
        print(f"(run reports unavailable: {exc.message})", file=sys.stderr)
        return {}


def _bench_crawl(args, settings: Settings) -> int:
    from crawlers.bench import bench_demo_crawl, bench_scrapy

    ours = bench_demo_crawl(settings, rounds=args.rounds)
    scrapy = bench_scrapy(args.scrapy_seconds)
    result = {"pages_per_s": ours["pages_per_s"], "scrapy_bench_pages_per_s": scrapy["pages_per_s"],
              "demo": ours, "scrapy_bench": scrapy}
    print(json.dumps(result) if args.json else
          f"demo crawl: {ours['pages_per_s']} pages/s ({ours['pages']} pages in {ours['seconds']} s, "
          f"{ours['sources']} sources); scrapy bench: {scrapy['pages_per_s']} pages/s")
    return 0
