"""`make run`: start the embedded defaults, run the listening job, serve the dashboard,
and stop everything that was started on Ctrl-C."""
from __future__ import annotations

import os
import signal
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta

from rich.console import Console

from core.errors import LangNgheError
from core.settings import ROOT, Settings
from services import airflow
from services.elasticsearch import EmbeddedElasticsearch
from services.processes import Child, spawn, stop_all, tail

console = Console(stderr=True)


def run_stack(settings: Settings, with_airflow: bool = True) -> int:
    children: list[Child] = []
    node = EmbeddedElasticsearch(settings) if settings.es_embedded else None
    started_es = False
    _stop_on_signals()
    try:
        started_es = _start_elasticsearch(settings, node)
        _ensure_index(settings)
        sink = _start_mail_sink(settings)
        children.extend([sink] if sink else [])
        children.append(_start_intake(settings))
        children.append(_start_dashboard(settings))
        if settings.profile == "demo" or not with_airflow:
            # the demo data is in place before any DAG runs, so the first digest has content
            _run_pipeline_once(settings)
        api_key = _seed_demo(settings) if settings.profile == "demo" else None
        if with_airflow:
            children.extend(_start_airflow(settings))
        _wait_ready(settings, children, with_airflow)
        _announce(settings, with_airflow, mail_sink=sink is not None, api_key=api_key)
        _watch(settings, children)
    except KeyboardInterrupt:
        console.print("\n[bold]Stopping…[/]")
    except LangNgheError as exc:
        console.print(f"[red]error:[/] {exc.render()}")
        return 2
    finally:
        stop_all(children)
        if started_es and node:
            node.stop()
        if children or started_es:
            console.print("Stopped everything `make run` started.")
    return 0


def _stop_on_signals() -> None:
    """Ctrl-C and SIGTERM both end in the same clean stop, even when started from a
    background shell (which would otherwise hand us SIGINT already ignored)."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)


def _start_elasticsearch(settings: Settings, node: EmbeddedElasticsearch | None) -> bool:
    if node is None:
        console.print(f"Using Elasticsearch at {settings.es_url}")
        return False
    with console.status("Starting Elasticsearch (about 20 s)…"):
        started = node.ensure_started(progress=console.print)
    console.print(f"[green]✓[/] Elasticsearch at {node.url}" +
                  ("" if started else " (already running; left running afterwards)"))
    return started


def _ensure_index(settings: Settings) -> None:
    from store.client import make_client
    from store.setup import ensure_posts_index

    report = ensure_posts_index(make_client(settings), settings)
    console.print(f"[green]✓[/] index {report.index} behind alias {report.alias}")


def _start_mail_sink(settings: Settings) -> Child | None:
    """The local SMTP sink, unless a real SMTP server is configured."""
    if settings.smtp_host not in ("127.0.0.1", "localhost") or _port_open(settings.smtp_host, settings.smtp_port):
        return None
    cmd = [sys.executable, "-m", "notify.mail_sink", "--port", str(settings.smtp_port), "--dir",
           str(settings.data_dir / "mail")]
    return spawn("mail-sink", cmd, dict(os.environ), settings.data_dir / "logs", ROOT)


def _start_intake(settings: Settings) -> Child:
    env = dict(os.environ) | {"ES_URL": settings.es_endpoint, "LANGNGHE_INDEX_PREFIX": settings.index_prefix}
    cmd = [sys.executable, "-m", "cli.main", "intake", "serve", "--port", str(settings.intake_port)]
    return spawn("intake-api", cmd, env, settings.data_dir / "logs", ROOT)


def _seed_demo(settings: Settings) -> str:
    """Demo complaints and cases, hotline records, recipients and alert rules (all idempotent);
    returns a fresh API key for trying the intake API."""
    from intake.hotline_import import import_file
    from notify.demo import seed_demo_notifications
    from store.api_keys import create_key
    from store.client import make_client
    from triage.demo import demo_posts, seed_demo
    from triage.intake_cases import open_pending_cases

    client = make_client(settings)
    with console.status("Seeding the demo complaints, cases and recipients…"):
        imported = import_file(ROOT / "data" / "hotline" / "hotline_1022_sample.csv", settings, demo=True)
        now = datetime.now(UTC)
        hotline_cases = open_pending_cases(client, settings, since=now - timedelta(days=3650), now=now)
        triage = seed_demo(client, settings, now=now, posts=demo_posts(client, settings))
        seed_demo_notifications(client, settings)
        key = create_key(client, settings.index_alias("api-keys"), "demo")
    console.print(f"[green]✓[/] demo: {triage['reports']} complaints as cases, {hotline_cases['opened']} new cases "
                  f"from {imported.rows} hotline rows, "
                  f"recipients and alert rules")
    return key


def _start_dashboard(settings: Settings) -> Child:
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
           "--server.address", "127.0.0.1", "--server.port", str(settings.dashboard_port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    return spawn("dashboard", cmd, dict(os.environ), settings.data_dir / "logs", ROOT)


def _start_airflow(settings: Settings) -> list[Child]:
    env = airflow.airflow_env(settings)
    with console.status("Preparing Airflow's metadata database…"):
        airflow.migrate(env)
    log_dir = settings.data_dir / "logs"
    return [spawn(name, [airflow.airflow_bin(), *args], env, log_dir, ROOT)
            for name, args in airflow.COMPONENTS.items()]


def _run_pipeline_once(settings: Settings) -> None:
    from pipeline.listening import Interval, run_once

    end = datetime.now(UTC).replace(second=0, microsecond=0)
    if settings.profile == "demo":
        end = _demo_interval_end(settings, end)
    with console.status(f"Running the pipeline once ({settings.profile} profile)…"):
        report = run_once(Interval(end - timedelta(hours=1), end), settings=settings)
    console.print(f"[green]✓[/] pipeline: {report['created']} new, {report['updated']} updated, "
                  f"{report['unchanged']} unchanged, {len(report['failed'])} failed")


def _demo_interval_end(settings: Settings, now: datetime) -> datetime:
    """The demo replays its recordings as the last hourly run before the latest digest time
    (07:00 Asia/Ho_Chi_Minh), as if the listening DAG had run through the night: the digest
    that the `digests` DAG builds at once then has the demo's items as its new ones."""
    from notify.digest import LOCAL

    local = now.astimezone(LOCAL)
    boundary = local.replace(hour=settings.digest_hour, minute=0)
    if boundary > local:
        boundary -= timedelta(days=1)
    return (boundary - timedelta(hours=1)).astimezone(UTC)


def _wait_ready(settings: Settings, children: list[Child], with_airflow: bool) -> None:
    urls = {"dashboard": f"http://127.0.0.1:{settings.dashboard_port}/_stcore/health"}
    if with_airflow:
        urls["airflow-api-server"] = f"http://127.0.0.1:{settings.airflow_port}/api/v2/monitor/health"
    with console.status("Waiting for the dashboard" + (" and Airflow" if with_airflow else "") + "…"):
        deadline = time.monotonic() + 180
        pending = dict(urls)
        while pending and time.monotonic() < deadline:
            _check_children(children)
            for name, url in list(pending.items()):
                if _http_ok(url):
                    console.print(f"[green]✓[/] {name} is up")
                    pending.pop(name)
            time.sleep(1)
    if pending:
        raise LangNgheError(f"{', '.join(pending)} did not come up in 3 minutes.",
                            f"Read the logs in {settings.data_dir / 'logs'}.")


def _announce(settings: Settings, with_airflow: bool, mail_sink: bool = False, api_key: str | None = None) -> None:
    console.rule("[bold]Lắng Nghe is running")
    console.print(f"Dashboard:  http://127.0.0.1:{settings.dashboard_port}"
                  + ("  (demo logins are listed on its login page)" if settings.profile == "demo" else ""))
    console.print(f"Intake API: http://127.0.0.1:{settings.intake_port}/open311/v2/  "
                  f"(OpenAPI: http://127.0.0.1:{settings.intake_port}/docs)" + (f"  demo api_key: {api_key}" if api_key else ""))
    if mail_sink:
        console.print(f"Mail sink:  smtp://127.0.0.1:{settings.smtp_port} → {settings.data_dir / 'mail'} (digests and alerts land here)")
    if with_airflow:
        console.print(f"Airflow:    http://127.0.0.1:{settings.airflow_port}  "
                      f"(login {settings.airflow_user} / {settings.airflow_password})")
        console.print("Every DAG is unpaused: collection per source, alerts (5 min), SLA sweep (15 min), "
                      "digests (07:00; today's runs now), retention, monthly report.")
    console.print(f"Profile:    {settings.profile}    Logs: {settings.data_dir / 'logs'}")
    console.print("Press Ctrl-C to stop everything.")


def _watch(settings: Settings, children: list[Child]) -> None:
    from store.client import make_client
    from store.queries import count_posts

    client, alias, last = make_client(settings), settings.index_alias("posts"), -1
    while True:
        _check_children(children)
        try:
            count = count_posts(client, alias)
        except Exception:  # noqa: BLE001 - progress display only; a blip must not stop the stack
            count = last
        if count != last:
            console.print(f"{datetime.now():%H:%M:%S}  {count} documents indexed")
            last = count
        time.sleep(5)


def _check_children(children: list[Child]) -> None:
    for child in children:
        if not child.alive():
            raise LangNgheError(f"{child.name} exited (code {child.process.returncode}):\n{tail(child.log)}",
                                f"Full log: {child.log}")


def _port_open(host: str, port: int) -> bool:
    import socket

    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False
