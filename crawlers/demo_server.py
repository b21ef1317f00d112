"""Serves the recorded pages in ``crawlers/demo/<source>/`` on 127.0.0.1, so the demo profile
and the tests crawl real recordings with the real spider and no network.

Each source folder has a ``manifest.json`` mapping a request path (and the query parameters
that matter) to a recorded file; anything not recorded is a 404. ``demo/robots.txt`` is served
at ``/robots.txt`` (the spiders obey it). Every answer carries an ETag and Last-Modified, and a
conditional request for an unchanged file gets a 304, as real sites do: the crawlers' HTTP cache
revalidates instead of downloading again.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from core.errors import ConfigError

DEMO_DIR = Path(__file__).resolve().parent / "demo"
ROBOTS = "robots.txt"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Route:
    path: str
    file: Path
    content_type: str
    query: dict[str, str] = field(default_factory=dict)
    date: str | None = None  # when the page was recorded (RFC 1123): sent as its Date header

    def matches(self, path: str, query: dict[str, list[str]]) -> bool:
        return path == self.path and all(query.get(k) == [v] for k, v in self.query.items())


def load_routes(root: Path = DEMO_DIR) -> list[Route]:
    """Every route of every ``<root>/*/manifest.json``; a route whose file is missing is a ConfigError."""
    routes: list[Route] = []
    for manifest in sorted(root.glob("*/manifest.json")):
        for entry in json.loads(manifest.read_text(encoding="utf-8"))["routes"]:
            route = Route(path=entry["path"], file=manifest.parent / entry["file"],
                          content_type=entry["content_type"], query=dict(entry.get("query", {})),
                          date=entry.get("date"))
            if not route.file.is_file():
                raise ConfigError(f"{manifest} names a missing recording: {entry['file']}",
                                  "Restore the file from git or remove its route from the manifest.")
            routes.append(route)
    if (root / ROBOTS).is_file():
        routes.append(Route(path="/robots.txt", file=root / ROBOTS, content_type="text/plain; charset=utf-8"))
    return routes


class DemoServer:
    """A threaded HTTP server for the recordings, on an ephemeral port::

        with DemoServer() as srv:
            fetch(srv.base_url + "/index/get?objectid=4219024&offset=0")
    """

    def __init__(self, root: Path = DEMO_DIR, host: str = "127.0.0.1", port: int = 0) -> None:
        self.routes = load_routes(root)
        self.requests: list[str] = []
        self.not_modified = 0
        self._server = ThreadingHTTPServer((host, port), self._handler())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> DemoServer:
        self._thread = threading.Thread(target=self._server.serve_forever, name="demo-server", daemon=True)
        self._thread.start()
        logger.info("demo server serving %d recordings at %s", len(self.routes), self.base_url)
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def find(self, target: str) -> Route | None:
        parts = urlsplit(target)
        query = parse_qs(parts.query, keep_blank_values=True)
        return next((r for r in self.routes if r.matches(parts.path, query)), None)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._respond(body=True)

            def do_HEAD(self) -> None:
                self._respond(body=False)

            def _respond(self, body: bool) -> None:
                server.requests.append(self.path)
                route = server.find(self.path)
                if route is None:
                    self._send(404, b"not recorded\n", {"Content-Type": "text/plain; charset=utf-8"}, body)
                    return
                payload = route.file.read_bytes()
                etag = '"' + hashlib.sha1(payload).hexdigest()[:16] + '"'
                headers = {"ETag": etag, "Last-Modified": formatdate(route.file.stat().st_mtime, usegmt=True),
                           "Cache-Control": "max-age=0", "Content-Type": route.content_type}
                if route.date:
                    headers["Date"] = route.date
                if self.headers.get("If-None-Match") == etag:
                    server.not_modified += 1
                    self._send(304, b"", headers, body=False)
                    return
                self._send(200, payload, headers, body)

            def _send(self, status: int, payload: bytes, headers: dict[str, str], body: bool) -> None:
                self.send_response_only(status)
                self.send_header("Server", self.version_string())
                self.send_header("Date", headers.pop("Date", None) or self.date_time_string())
                for name, value in headers.items():
                    self.send_header(name, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if body:
                    self.wfile.write(payload)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                logger.debug("demo server: " + format, *args)

        return Handler
