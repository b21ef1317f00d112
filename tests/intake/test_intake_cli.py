"""The command-line contract: `langnghe intake key create --name NAME` and `langnghe intake serve`."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from store.api_keys import hash_key
from store.client import make_client
from tests.helpers import ROOT, langnghe, settings_env

pytestmark = pytest.mark.integration


def test_key_create_prints_the_key_on_its_own_line_and_stores_only_its_hash(intake_settings):
    result = langnghe("intake", "key", "create", "--name", "app-cong-dan", env=settings_env(intake_settings))
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    assert len(result.stdout.splitlines()) == 1 and len(key) >= 40 and " " not in key
    es = make_client(intake_settings)
    alias = intake_settings.index_alias("api-keys")
    stored = es.get(index=alias, id=hash_key(key))["_source"]
    assert stored["name"] == "app-cong-dan" and key not in str(es.search(index=alias)["hits"])
    listed = langnghe("intake", "key", "list", env=settings_env(intake_settings))
    assert "app-cong-dan" in listed.stdout and key not in listed.stdout


def test_serve_prints_its_url_answers_and_stops_on_ctrl_c(intake_settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = settings_env(intake_settings)
    key = langnghe("intake", "key", "create", "--name", "serve-test", env=env).stdout.strip()
    server = subprocess.Popen([sys.executable, "-m", "cli.main", "intake", "serve", "--port", str(port)], env=env,
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        line = server.stdout.readline()
        assert f"http://127.0.0.1:{port}/open311/v2/" in line
        base = f"http://127.0.0.1:{port}/open311/v2"
        deadline = time.monotonic() + 30
        while True:
            try:
                services = httpx.get(f"{base}/services.json", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, server.stderr.read()
                time.sleep(0.2)
        assert services.status_code == 200 and len(services.json()) == 12
        posted = httpx.post(f"{base}/requests.json", data={"api_key": key, "service_code": "khac", "address_string": "x"})
        assert posted.status_code == 200, posted.text
        assert httpx.get(f"{base}/requests/{posted.json()[0]['service_request_id']}.json").status_code == 200
    finally:
        os.killpg(server.pid, signal.SIGINT)
        assert server.wait(timeout=20) in (0, 130, -signal.SIGINT)
