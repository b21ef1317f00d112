"""A real SMTP sink (aiosmtpd) and a real HTTP webhook receiver on loopback, per test."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from notify.mail_sink import MailSink


@pytest.fixture
def mail_sink(tmp_path):
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
