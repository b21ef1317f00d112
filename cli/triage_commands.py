"""Commands of cases, routing and incidents: ``register(sub, bench)`` adds them to `langnghe`."""
from __future__ import annotations

import getpass
import json
import sys
from datetime import UTC, datetime


def register(sub, bench) -> None:
    triage = sub.add_parser("triage", help="cases, deadlines and incidents").add_subparsers(metavar="ACTION")
    demo = triage.add_parser("demo", help="seed the demo complaints, cases and incidents (idempotent)")
    demo.set_defaults(func=_demo)
    queue = triage.add_parser("queue", help="open cases by priority and due date")
    queue.add_argument("--unit")
    queue.add_argument("--size", type=int, default=20)
    queue.add_argument("--json", action="store_true")
    queue.set_defaults(func=_queue)
    case = triage.add_parser("case", help="one case as JSON (supervisor view)")
    case.add_argument("case_id")
    case.set_defaults(func=_case)
    signals = triage.add_parser("systemic", help="topics rising across many wards (raised to their department)")
    signals.set_defaults(func=_systemic)

    users = sub.add_parser("users", help="dashboard users (config/users.yaml)").add_subparsers(metavar="ACTION")
    add = users.add_parser("add", help="add or replace a user; stores only an Argon2 hash of the password")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True,
                     choices=["communications", "officer", "unit_handler", "supervisor", "admin"])
    add.add_argument("--unit", help="unit id (required for unit_handler)")
    add.add_argument("--display-name", default="")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin instead of a prompt")
    add.set_defaults(func=_users_add)
    users.add_parser("list", help="users and roles (never hashes)").set_defaults(func=_users_list)

    b = bench.add_parser("incidents", help="cluster N generated items of one day; prints one JSON object")
    b.add_argument("--items", type=int, default=100_000)
    b.set_defaults(func=_bench_incidents)
    register_bench_dashboard(bench)  # dashboard officers' engineer: `langnghe bench dashboard`


def _client(settings):
    from store.client import make_client
    from triage.cases import ensure_triage_indices

    client = make_client(settings)
    ensure_triage_indices(client, settings)
    return client


def _now() -> datetime:
    return datetime.now(UTC)


def _demo(args, settings) -> int:
    from triage.demo import demo_posts, seed_demo

    client = _client(settings)
    print(json.dumps(seed_demo(client, settings, now=_now(), posts=demo_posts(client, settings)), ensure_ascii=False))
    return 0


def _queue(args, settings) -> int:
    from store.cases import QueueFilter, triage_queue
    from triage.deadlines import clock_state

    now = _now()
    page = triage_queue(_client(settings), settings, QueueFilter(unit=args.unit), size=args.size)
    rows = [{"id": c.id, "priority": c.priority, "status": c.status, "unit": c.unit, "due_at": c.due_at.isoformat()
             if c.due_at else None, "clock": clock_state(settings, c, now).state, "title": c.title} for c in page.cases]
    if args.json:
        print(json.dumps({"total": page.total, "cases": rows}, ensure_ascii=False))
        return 0
    print(f"{page.total} open cases")
    for r in rows:
        print(f"{r['id']}  p{r['priority']:>3}  {r['status']:<11} {r['clock']:<9} {r['unit']:<26} {r['title'][:60]}")
    return 0


def _case(args, settings) -> int:
    from triage.cases import view_case
    from triage.policy import SYSTEM

    opened = view_case(_client(settings), settings, args.case_id, user=SYSTEM, now=_now())
    print(json.dumps(opened.case.to_document(), ensure_ascii=False, indent=2))
    return 0


def _systemic(args, settings) -> int:
    from triage.incidents import systemic_signals

    signals = systemic_signals(_client(settings), settings, now=_now())
    print(json.dumps([s.__dict__ for s in signals], ensure_ascii=False))
    return 0


def _users_add(args, settings) -> int:
    from triage.users import add_user

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
    record = add_user(settings.users_file, name=args.name, role=args.role, unit=args.unit, password=password,
                      display_name=args.display_name)
    print(f"{record.name} ({record.role}{', ' + record.unit if record.unit else ''}) written to {settings.users_file}")
    return 0


def _users_list(args, settings) -> int:
    from triage.users import load_users

    for u in load_users(settings.users_file):
        print(f"{u.name:<20} {u.role:<15} {u.unit or '':<16} {u.display_name}")
    return 0


def _bench_incidents(args, settings) -> int:
    from triage.bench import bench_incidents

    print(json.dumps(bench_incidents(settings, args.items)))
    return 0


# --- `langnghe bench dashboard` (owned by the dashboard officers' pages; dashboard/bench.py) ----------

def register_bench_dashboard(bench) -> None:
    b = bench.add_parser("dashboard", help="every dashboard page's reads on a generated corpus in a scratch "
                                           "prefix; prints {docs, cases, pages: {page: {p50_ms, p95_ms}}}")
    b.add_argument("--json", action="store_true", help="print only the JSON object (progress goes to stderr)")
    b.add_argument("--docs", type=int, default=1_000_000, help="posts to generate (default 1,000,000)")
    b.add_argument("--cases", type=int, default=100_000, help="cases to generate (default 100,000)")
    b.add_argument("--renders", type=int, default=50, help="timed renders per page")
    b.add_argument("--threads", type=int, default=4, help="parallel_bulk threads while loading")
    b.add_argument("--keep", action="store_true", help="keep the scratch indices (for inspection)")
    b.add_argument("--cold", action="store_true", help="also time every page with the shard request cache off")
    b.set_defaults(func=_bench_dashboard)


def _bench_dashboard(args, settings) -> int:
    from core.errors import InvalidInput
    from dashboard.bench import bench_dashboard

    if args.docs < 1000 or args.cases < 100 or args.renders < 1:
        raise InvalidInput("--docs must be at least 1000, --cases at least 100, --renders at least 1.")
    report = bench_dashboard(settings, docs=args.docs, cases=args.cases, renders=args.renders,
                             threads=args.threads, keep=args.keep, cold=args.cold,
                             progress=lambda line: print(line, file=sys.stderr, flush=True))
    print(json.dumps(report) if args.json else json.dumps(report, indent=2))
    return 0
