"""`langnghe`: one console script, one subcommand per job. Errors are rendered here, once."""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from datetime import UTC, datetime, timedelta

from core.errors import LangNgheError
from core.settings import Settings, get_settings

# Each stage registers its own subcommands (and `bench` targets): register(sub, bench).
AREA_COMMANDS = (
    "cli.nlp_commands",
    "cli.collection_commands",
    "cli.intake_commands",
    "cli.triage_commands",
    "cli.notify_commands",
)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    try:
        return args.func(args, get_settings()) or 0
    except LangNgheError as exc:
        print(f"error: {exc.render()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="langnghe", description="Lắng Nghe — social listening and complaint triage for Ho Chi Minh City.")
    sub = parser.add_subparsers(metavar="COMMAND")

    es = sub.add_parser("es", help="the embedded Elasticsearch node").add_subparsers(metavar="ACTION")
    for action, func in (("start", _es_start), ("stop", _es_stop), ("status", _es_status)):
        es.add_parser(action, help=f"{action} the local node").set_defaults(func=func)

    pipeline = sub.add_parser("pipeline", help="the crawl → enrich → index chain").add_subparsers(metavar="ACTION")
    run = pipeline.add_parser("run", help="one pass over the configured sources")
    run.add_argument("--profile", choices=["demo", "live"], help="sources to crawl (default: settings)")
    run.set_defaults(func=_pipeline_run)

    search = sub.add_parser("search", help="search indexed documents (accent-insensitive)")
    search.add_argument("query", nargs="?", default=None)
    search.add_argument("--size", type=int, default=10)
    search.add_argument("--json", action="store_true", help="print one JSON object")
    search.set_defaults(func=_search)

    schema = sub.add_parser("schema", help="the index template derived from core/schema.py")
    schema.add_argument("--write", action="store_true", help="rewrite store/templates/posts.json")
    schema.set_defaults(func=_schema)

    settings = sub.add_parser("settings", help="show every setting with its value and help")
    settings.add_argument("--markdown", action="store_true", help="the README's settings table")
    settings.set_defaults(func=_settings)

    up = sub.add_parser("up", help="start everything (what `make run` does) until Ctrl-C")
    up.add_argument("--no-airflow", action="store_true", help="skip Airflow; run the pipeline once directly")
    up.set_defaults(func=_up)

    bench = sub.add_parser("bench", help="benchmarks that print one JSON object (see `make bench`)").add_subparsers(metavar="WHAT")
    for module in AREA_COMMANDS:
        importlib.import_module(module).register(sub, bench)
    return parser


def _es_node(settings: Settings):
    from services.elasticsearch import EmbeddedElasticsearch

    if not settings.es_embedded:
        print(f"ES_URL is set ({settings.es_url}): the embedded node is not used.", file=sys.stderr)
    return EmbeddedElasticsearch(settings)


def _es_start(args, settings: Settings) -> int:
    status = _es_node(settings).start(progress=lambda m: print(m, file=sys.stderr))
    print(f"Elasticsearch running at {status.url} ({status.detail})")
    return 0


def _es_stop(args, settings: Settings) -> int:
    print("stopped" if _es_node(settings).stop() else "not running")
    return 0


def _es_status(args, settings: Settings) -> int:
    if not settings.es_embedded:
        from store.client import check_available, make_client

        print(f"{settings.es_url}: cluster health {check_available(make_client(settings))}")
        return 0
    status = _es_node(settings).status()
    print(f"{status.url}: {status.detail}" + (f" (pid {status.pid})" if status.pid else ""))
    return 0 if status.running else 1


def _pipeline_run(args, settings: Settings) -> int:
    from pipeline.listening import Interval, run_once

    end = datetime.now(UTC).replace(second=0, microsecond=0)
    report = run_once(Interval(end - timedelta(hours=1), end), args.profile, settings)
    failed = report.pop("failed")
    print(json.dumps(report | {"failed": len(failed)}, ensure_ascii=False))
    for failure in failed[:20]:
        print(f"  failed {failure['id']}: {failure['status']} {failure['error']}", file=sys.stderr)
    return 1 if failed else 0


def _search(args, settings: Settings) -> int:
    from store.client import make_client
    from store.queries import search_posts
    from store.setup import ensure_posts_index

    client = make_client(settings)
    alias = ensure_posts_index(client, settings).alias
    result = search_posts(client, alias, args.query, size=args.size)
    keys = ("id", "source", "url", "title", "text", "published_at", "sentiment")
    if args.json:
        hits = [{k: getattr(h, k) for k in keys} for h in result.hits]
        print(json.dumps({"total": result.total, "hits": hits}, ensure_ascii=False))
        return 0
    print(f"{result.total} documents")
    for hit in result.hits:
        print(f"- [{hit.sentiment or '?'}] {(hit.title or hit.text)[:100]}  ({hit.published_at}, {hit.url})")
    return 0


def _schema(args, settings: Settings) -> int:
    from store.mappings import posts_template, write_template

    if args.write:
        print(f"wrote {write_template()}")
    else:
        print(json.dumps(posts_template(settings.index_prefix), ensure_ascii=False, indent=2))
    return 0


def _settings(args, settings: Settings) -> int:
    from core.settings_doc import settings_markdown, settings_rows

    if args.markdown:
        print(settings_markdown())
        return 0
    for _name, env, value, _default, help_ in settings_rows(settings):
        print(f"{env:<28} {value!s:<40} {help_}")
    return 0


def _up(args, settings: Settings) -> int:
    from services.stack import run_stack

    return run_stack(settings, with_airflow=not args.no_airflow)


if __name__ == "__main__":
    sys.exit(main())
