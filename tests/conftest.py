"""Real services, started once per test session (Scrapy's and datasette's way).

Elasticsearch: ``ES_URL`` when set (a cluster of your own), otherwise the embedded node on
``LANGNGHE_TEST_ES_PORT`` (default 9250, beside `make run`'s 9200), stopped at the end if
this session started it. Every test gets its own index prefix and cleans up after itself.
"""
from __future__ import annotations

import json
import os
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.settings import Settings


@pytest.fixture(scope="session")
def es_url() -> str:
    if os.environ.get("ES_URL"):
        os.environ["LANGNGHE_TEST_ES_EXTERNAL"] = "1"
        yield os.environ["ES_URL"]
        return
    from services.elasticsearch import EmbeddedElasticsearch

    port = int(os.environ.get("LANGNGHE_TEST_ES_PORT", "9250"))
    node = EmbeddedElasticsearch(Settings(es_url=None), port=port)
    started = node.ensure_started(progress=print)
    os.environ["ES_URL"] = node.url
    yield node.url
    os.environ.pop("ES_URL", None)
    if started and not os.environ.get("LANGNGHE_TEST_KEEP_ES"):
        node.stop()


@pytest.fixture
def settings(es_url, tmp_path) -> Settings:
    """Settings for one test: its own index prefix and data folder."""
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    yield Settings(es_url=es_url, index_prefix=prefix, data_dir=tmp_path / "var")
    from store.client import make_client
    from store.setup import drop_prefix

    drop_prefix(make_client(Settings(es_url=es_url)), prefix)

@pytest.fixture
def es(settings):
    from store.client import make_client

    return make_client(settings)


# --- a real SMTP sink (aiosmtpd) and a real HTTP webhook receiver on loopback, per test ---

@pytest.fixture
def mail_sink(tmp_path):
    from notify.mail_sink import MailSink

    with MailSink(tmp_path / "mail", port=0) as sink:
        yield sink


class _Receiver(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.received.append({"path": self.path, "json": json.loads(body)})
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def notify_settings(settings, mail_sink):
    return settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": mail_sink.port,
                                       "dashboard_url": "http://dash.example"})
