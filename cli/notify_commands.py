"""`langnghe digest | alerts | subscribe | report monthly | mail-sink` and `langnghe bench digest`."""
from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from core.errors import InvalidInput
from core.settings import Settings


def register(sub, bench) -> None:
    digest = sub.add_parser("digest", help="build (and optionally send) every daily digest of a day")
    digest.add_argument("--date", dest="day", required=True, help="YYYY-MM-DD (the digest of 07:00 that day)")
    digest.add_argument("--out", type=Path, help="write one .html and one .txt per recipient group here")
    digest.add_argument("--send", action="store_true", help="also e-mail each group's subscribers (once)")
    digest.set_defaults(func=_digest)

    alerts = sub.add_parser("alerts", help="alert rules on saved searches, wards and topics").add_subparsers(metavar="ACTION")
    check = alerts.add_parser("check", help="check every rule over the window ending now (or --at) and deliver")
    check.add_argument("--at", help="ISO time with zone (default: now)")
    check.set_defaults(func=_alerts_check)
    add = alerts.add_parser("add", help="add or replace a rule")
    add.add_argument("--id", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--query", help="saved search, e.g. 'ngập | \"nước ngập\"'")
    add.add_argument("--ward", dest="ward_code", help="ward code (see `langnghe places wards`)")
    add.add_argument("--topic")
    add.add_argument("--window", dest="window_minutes", type=int, default=60)
    add.add_argument("--threshold", type=int)
    add.add_argument("--spike-factor", type=float, default=3.0)
    add.add_argument("--min-count", type=int, default=5)
    add.add_argument("--email", dest="emails", action="append", default=[])
    add.add_argument("--webhook", dest="webhooks", action="append", default=[])
    add.set_defaults(func=_alerts_add)
    alerts.add_parser("list", help="the rules").set_defaults(func=_alerts_list)

    subscribe = sub.add_parser("subscribe", help="subscribe an e-mail address to digests/alerts of groups")
    subscribe.add_argument("--email", required=True)
    subscribe.add_argument("--name", default="")
    subscribe.add_argument("--group", dest="groups", action="append", required=True,
                           help="role:<role>, ward:<code> or unit:<unit id>; repeat for several")
    subscribe.set_defaults(func=_subscribe)

    report = sub.add_parser("report", help="periodic reports").add_subparsers(metavar="WHICH")
    monthly = report.add_parser("monthly", help="the monthly 1022 report per unit as XLSX and PDF")
    monthly.add_argument("--month", required=True, help="YYYY-MM")
    monthly.add_argument("--out", type=Path, required=True)
    monthly.set_defaults(func=_monthly)

    sink = sub.add_parser("mail-sink", help="a local SMTP server keeping messages as .eml files (what `make run` starts)")
    sink.add_argument("--port", type=int, help="default: LANGNGHE_SMTP_PORT")
    sink.add_argument("--dir", type=Path, help="default: <data_dir>/mail")
    sink.set_defaults(func=_mail_sink)

    b = bench.add_parser("digest", help="build every digest of a generated day; time it")
    b.add_argument("--json", action="store_true", help="print one JSON object")
    b.add_argument("--posts", type=int, default=5000, help="posts in the generated day")
    b.set_defaults(func=_bench_digest)


def _client(settings: Settings):
    from store.client import make_client

    return make_client(settings)


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"--date {text!r} is not YYYY-MM-DD", hint="For example: --date 2026-11-30") from exc


def _parse_at(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC).replace(second=0, microsecond=0)
    try:
        at = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"--at {text!r} is not an ISO time", hint="For example: --at 2026-11-30T08:00+07:00") from exc
    if at.tzinfo is None:
        raise InvalidInput(f"--at {text!r} has no time zone", hint="Add one, e.g. +07:00.")
    return at


def _digest(args, settings: Settings) -> int:
    from notify.sources import build_day_with_triage

    report = build_day_with_triage(_client(settings), settings, _parse_day(args.day), out=args.out, send_mail=args.send)
    print(json.dumps({"day": args.day, "digests": report.digests, "sent": report.sent,
                      "already_sent": report.skipped_already_sent, "failed": report.failed,
                      "files": len(report.files), "out": str(args.out) if args.out else None}, ensure_ascii=False))
    return 1 if report.failed else 0


def _alerts_check(args, settings: Settings) -> int:
    from notify.alerts import retry_failed_deliveries, run_alerts

    client = _client(settings)
    at = _parse_at(args.at)
    retried = retry_failed_deliveries(client, settings, at)
    fired = run_alerts(client, settings, at)
    print(json.dumps({"at": at.isoformat(), "fired": [e.id for e in fired], "retried_deliveries": retried}))
    return 0


def _alerts_add(args, settings: Settings) -> int:
    from pydantic import ValidationError

    from core.notify_schema import AlertRule
    from store import notify as store

    fields = {k: getattr(args, k) for k in ("id", "name", "query", "ward_code", "topic", "window_minutes", "threshold",
                                            "spike_factor", "min_count", "emails", "webhooks")}
    try:
        rule = AlertRule(**fields)
    except ValidationError as exc:
        raise InvalidInput(f"invalid rule: {exc.errors()[0]['msg']}", hint="See `langnghe alerts add --help`.") from exc
    client = _client(settings)
    store.ensure_notify_indices(client, settings)
    store.save_rule(client, settings, rule)
    print(f"saved rule {rule.id}")
    return 0


def _alerts_list(args, settings: Settings) -> int:
    from store import notify as store

    client = _client(settings)
    store.ensure_notify_indices(client, settings)
    for rule in store.list_rules(client, settings):
        print(json.dumps(rule.model_dump(mode="json"), ensure_ascii=False))
    return 0


def _subscribe(args, settings: Settings) -> int:
    from pydantic import ValidationError

    from core.notify_schema import Subscription
    from store import notify as store

    try:
        subscription = Subscription(email=args.email, name=args.name, groups=args.groups)
    except ValidationError as exc:
        raise InvalidInput(f"invalid subscription: {exc.errors()[0]['msg']}") from exc
    client = _client(settings)
    store.ensure_notify_indices(client, settings)
    store.save_subscription(client, settings, subscription)
    print(f"{subscription.email} subscribed to {', '.join(subscription.groups)}")
    return 0


def _monthly(args, settings: Settings) -> int:
    from notify.monthly import Month, write_monthly_report

    client = _client(settings)
    from triage.cases import ensure_triage_indices

    ensure_triage_indices(client, settings)
    for path in write_monthly_report(client, settings, Month.parse(args.month), args.out):
        print(path)
    return 0


def _mail_sink(args, settings: Settings) -> int:
    from notify.mail_sink import main as sink_main

    return sink_main(["--port", str(args.port or settings.smtp_port), "--dir", str(args.dir or settings.data_dir / "mail")])


def _bench_digest(args, settings: Settings) -> int:
    from notify.bench import bench_digest

    result = bench_digest(settings, posts=args.posts)
    print(json.dumps(result) if args.json else f"{result['digests']} digests in {result['seconds']} s", file=sys.stdout)
    return 0
