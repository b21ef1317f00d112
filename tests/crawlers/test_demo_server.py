"""The demo server serves exactly the recordings in its manifests, and 404s everything else."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from core.errors import ConfigError
from crawlers.demo_server import DemoServer

RECORDINGS = Path(__file__).resolve().parents[2] / "crawlers" / "demo" / "vnexpress"
ARTICLE_PATH = "/dau-bung-keo-dai-phat-hien-ung-thu-lymphoma-ruot-non-4954454.html"
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only, never a proxy


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with _OPENER.open(url, timeout=5) as resp:
            return resp.status, resp.headers["Content-Type"], resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read()


@pytest.fixture(scope="module")
def server():
    with DemoServer() as srv:
        yield srv


def test_listens_on_an_ephemeral_loopback_port(server):
    assert server.base_url.startswith("http://127.0.0.1:")
    assert not server.base_url.endswith(":0")


def test_serves_the_recorded_article(server):
    status, ctype, body = get(server.base_url + ARTICLE_PATH)

    assert (status, ctype) == (200, "text/html; charset=utf-8")
    assert body == (RECORDINGS / "vnexpress_4954454_2025-10-22.html").read_bytes()


def test_comment_api_matches_on_the_query_parameters_that_matter(server):
    url = server.base_url + "/index/get?offset=0&limit=25&siteid=1000000&objecttype=1&objectid=4219024&sort_by=like"
    status, ctype, body = get(url)

    assert (status, ctype) == (200, "application/json; charset=utf-8")
    assert json.loads(body)["data"]["total"] == 76
    assert get(server.base_url + "/index/get?offset=25&objectid=4219024")[0] == 404
    assert get(server.base_url + "/index/get?offset=0&objectid=4954454")[0] == 404
    assert get(server.base_url + "/index/getreplay?offset=0&objectid=4219024&id=38384616")[0] == 200
    assert get(server.base_url + "/index/getreplay?offset=0&objectid=4219024&id=38384619")[0] == 404


@pytest.mark.parametrize("path", ["/", "/manifest.json", "/../vnexpress/manifest.json",
                                  "/vnexpress_4954454_2025-10-22.html"])
def test_anything_not_recorded_is_404(server, path):
    status, ctype, _ = get(server.base_url + path)
    assert (status, ctype) == (404, "text/plain; charset=utf-8")


def test_records_requests_and_stops(tmp_path):
    with DemoServer() as srv:
        get(srv.base_url + "/robots.txt")
        url = srv.base_url
    assert srv.requests == ["/robots.txt"]
    with pytest.raises(urllib.error.URLError):
        _OPENER.open(url + "/robots.txt", timeout=2)


def test_a_manifest_naming_a_missing_file_is_a_config_error(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "manifest.json").write_text(
        json.dumps({"routes": [{"path": "/x", "file": "gone.html", "content_type": "text/html"}]}))
    with pytest.raises(ConfigError, match="gone.html"):
        DemoServer(root=tmp_path)


def test_serves_a_robots_txt_the_spiders_obey(server):
    status, ctype, body = get(server.base_url + "/robots.txt")

    assert (status, ctype) == (200, "text/plain; charset=utf-8")
    assert b"Disallow: /private/" in body


def test_conditional_requests_get_304_and_recorded_dates(server):
    url = server.base_url + "/rss/tp-hcm.rss"
    with _OPENER.open(url, timeout=5) as resp:
        etag, date = resp.headers["ETag"], resp.headers["Date"]
        assert resp.headers["Last-Modified"] and resp.headers["Cache-Control"] == "max-age=0"  # stale at once: revalidate
    assert date == "Fri, 28 Nov 2025 08:00:00 GMT"  # the time the page is served at, from the manifest
    before = server.not_modified
    request = urllib.request.Request(url, headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as answer:
        _OPENER.open(request, timeout=5)
    assert answer.value.code == 304 and server.not_modified == before + 1
    assert get(url)[0] == 200
