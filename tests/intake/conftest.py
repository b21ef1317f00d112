"""The intake API on a real uvicorn server on loopback, over the real Elasticsearch.

``run_api(settings)`` starts one in a thread on an ephemeral port; ``api`` is one per test
module (its own index prefix, a fresh API key), torn down with its indices and templates."""
from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import pytest

from core.settings import Settings


@dataclass
class Api:
    url: str
    key: str
    settings: Settings

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30)


@contextmanager
def run_api(settings: Settings) -> Iterator[Api]:
    import uvicorn

    from intake.app import create_app, ensure_intake_indices
    from store.api_keys import create_key
    from store.client import make_client

    ensure_intake_indices(settings)
    key = create_key(make_client(settings), settings.index_alias("api-keys"), "tests")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the intake API did not start"
    try:
        yield Api(url=f"http://127.0.0.1:{port}", key=key, settings=settings)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def drop_intake(settings: Settings) -> None:
    from store.client import make_client
    from store.requests import drop_intake_templates
    from store.setup import drop_prefix

    client = make_client(settings)
    drop_prefix(client, settings.index_prefix)
    drop_intake_templates(client, settings.index_prefix)


@pytest.fixture(scope="module")
def module_settings(es_url, tmp_path_factory) -> Iterator[Settings]:
    """Settings shared by one test module: its own prefix; keys are re-checked on every call."""
    settings = Settings(es_url=es_url, index_prefix=f"test-{uuid.uuid4().hex[:10]}",
                        data_dir=tmp_path_factory.mktemp("var"), intake_key_cache_seconds=0,
                        intake_rate_per_second=1000, intake_rate_burst=1000)
    yield settings
    drop_intake(settings)


@pytest.fixture(scope="module")
def api(module_settings) -> Iterator[Api]:
    with run_api(module_settings) as running:
        yield running


@pytest.fixture
def intake_settings(settings) -> Iterator[Settings]:
    """The per-test ``settings``, also removing the intake templates afterwards."""
    yield settings
    drop_intake(settings)
