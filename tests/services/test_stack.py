"""`make run`'s stack (`langnghe up`): the demo data is indexed before Airflow starts, the
dashboard, the intake API and Airflow come up, the DAGs' first runs duplicate nothing, and
Ctrl-C stops every process it started."""
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import psutil
import pytest

from store import queries
from store.client import make_client
from tests.helpers import ROOT, settings_env

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_up_runs_the_dag_and_ctrl_c_stops_everything(settings):
    dashboard, airflow = _free_port(), _free_port()
    intake, smtp = _free_port(), _free_port()
    env = settings_env(settings, LANGNGHE_DASHBOARD_PORT=str(dashboard), LANGNGHE_AIRFLOW_PORT=str(airflow),
                       LANGNGHE_INTAKE_PORT=str(intake), LANGNGHE_SMTP_PORT=str(smtp), LANGNGHE_PROFILE="demo")
    up = subprocess.Popen([sys.executable, "-m", "cli.main", "up"], env=env, cwd=ROOT, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    client, alias, output = make_client(settings), settings.index_alias("posts"), []
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            line = up.stdout.readline()
            output.append(line)
            if "is running" in line or up.poll() is not None:
                break
        assert "is running" in "".join(output), "".join(output)
        with urllib.request.urlopen(f"http://127.0.0.1:{dashboard}/_stcore/health", timeout=5) as response:
            assert response.status == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{intake}/open311/v2/services.json", timeout=5) as response:
            assert response.status == 200
        client.indices.refresh(index=alias)
        total = queries.count_posts(client, alias)
        assert total >= 600  # every demo source, indexed before Airflow started (690 when written)
        time.sleep(60)  # the DAGs' first runs (listening, collect_<source>, retention …) start at once
        client.indices.refresh(index=alias)
        assert queries.count_posts(client, alias) == total  # re-crawled, nothing duplicated or lost
        # the process tree, not environment variables: Airflow's setproctitle rewrites /proc/<pid>/environ
        children = psutil.Process(up.pid).children(recursive=True)
        assert len(children) >= 4  # dashboard + api-server + scheduler + dag-processor + workers …
        listening = [c.laddr.ip for p in children for c in p.net_connections("inet") if c.status == "LISTEN"]
        assert listening and set(listening) <= {"127.0.0.1", "::1"}, f"listening beyond loopback: {listening}"
    finally:
        up.send_signal(signal.SIGINT)
        rest, _ = up.communicate(timeout=60)
    assert up.returncode == 0, rest
    assert "Stopped everything" in rest
    _, alive = psutil.wait_procs(children, timeout=5)
    assert alive == [], f"still running after Ctrl-C: {[p.pid for p in alive]}"
    for port in (dashboard, airflow, intake, smtp):
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still open"
