"""`langnghe intake serve | key create | key list | key revoke | import` and `langnghe bench intake`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from core.settings import Settings


def register(sub, bench) -> None:
    intake = sub.add_parser("intake", help="the complaint intake API (Open311 GeoReport v2) and hotline imports")
    actions = intake.add_subparsers(metavar="ACTION")

    serve = actions.add_parser("serve", help="run the API with its real store until Ctrl-C")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, help="default: LANGNGHE_INTAKE_PORT")
    serve.add_argument("--workers", type=int, help="uvicorn worker processes (default: LANGNGHE_INTAKE_WORKERS)")
    serve.set_defaults(func=_serve)

    keys = actions.add_parser("key", help="API keys for writes").add_subparsers(metavar="ACTION")
    create = keys.add_parser("create", help="create a key; prints it on its own line (only its hash is stored)")
    create.add_argument("--name", required=True, help="who uses the key, e.g. 'app-cong-dan-so'")
    create.set_defaults(func=_key_create)
    keys.add_parser("list", help="keys by name (never the keys themselves)").set_defaults(func=_key_list)
    revoke = keys.add_parser("revoke", help="revoke every key of a name")
    revoke.add_argument("--name", required=True)
    revoke.set_defaults(func=_key_revoke)

    imp = actions.add_parser("import", help="import a 1022 hotline export (CSV/XLSX): all rows or none")
    imp.add_argument("file", type=Path)
    imp.add_argument("--mapping", type=Path, help="column mapping (default: config/hotline_import.yaml)")
    imp.add_argument("--report", type=Path, help="error report path (.csv or .json; default: next to the file)")
    imp.add_argument("--skip-invalid", action="store_true", help="import the valid rows even if some are invalid")
    imp.add_argument("--demo", action="store_true", help="mark the requests as sample data")
    imp.set_defaults(func=_import)

    b = bench.add_parser("intake", help="POST load against the API on loopback; stored vs acknowledged")
    b.add_argument("--json", action="store_true", help="print one JSON object")
    b.add_argument("--requests", type=int, default=2000)
    b.add_argument("--concurrency", type=int, default=16, help="requests in flight at once")
    b.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    b.set_defaults(func=_bench)


def _serve(args, settings: Settings) -> int:
    from intake.server import serve

    serve(settings, host=args.host, port=args.port, workers=args.workers)
    return 0


def _keys_alias(settings: Settings):
    from store.api_keys import ensure_api_keys_index
    from store.client import make_client

    client = make_client(settings)
    return client, ensure_api_keys_index(client, settings).alias


def _key_create(args, settings: Settings) -> int:
    from store.api_keys import create_key

    client, alias = _keys_alias(settings)
    key = create_key(client, alias, args.name)
    print(f"created an API key for {args.name!r}; it is shown once, store it now:", file=sys.stderr)
    print(key)
    return 0


def _key_list(args, settings: Settings) -> int:
    from store.api_keys import list_keys

    client, alias = _keys_alias(settings)
    for key in list_keys(client, alias):
        state = f"revoked {key['revoked_at']}" if key.get("revoked_at") else "active"
        print(f"{key['name']:<30} {key['key_hash_prefix']}…  created {key['created_at']}  {state}")
    return 0


def _key_revoke(args, settings: Settings) -> int:
    from store.api_keys import revoke_keys

    client, alias = _keys_alias(settings)
    count = revoke_keys(client, alias, args.name)
    print(f"revoked {count} key(s) of {args.name!r}")
    return 0 if count else 1


def _import(args, settings: Settings) -> int:
    from intake.hotline_import import DEFAULT_MAPPING, import_file

    outcome = import_file(args.file, settings, mapping_path=args.mapping or DEFAULT_MAPPING, report_path=args.report,
                          skip_invalid=args.skip_invalid, demo=args.demo)
    print(json.dumps(outcome.as_dict(), ensure_ascii=False))
    if outcome.report:
        print(f"{outcome.invalid} invalid rows skipped; report: {outcome.report}", file=sys.stderr)
    for failure in outcome.failed[:20]:
        print(f"  failed {failure['id']}: {failure['status']} {failure['error']}", file=sys.stderr)
    return 1 if outcome.failed else 0


def _bench(args, settings: Settings) -> int:
    from intake.bench import bench_intake

    result = bench_intake(settings, requests=args.requests, concurrency=args.concurrency, workers=args.workers,
                          progress=lambda m: print(m, file=sys.stderr))
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))
    return 0
