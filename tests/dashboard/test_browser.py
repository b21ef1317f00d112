"""The real thing: ``streamlit run`` in a subprocess, driven by Debian chromium through Playwright."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dashboard.conftest import DashboardIndex
from tests.helpers import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.browser, pytest.mark.integration,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium "
                                 "(`make chromium` or `apt-get install chromium`)")]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text()}", pytrace=False)
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not answer on {url} within {timeout:.0f}s:\n{log.read_text()}", pytrace=False)


@pytest.fixture
def dashboard_url(dashboard_index: DashboardIndex, tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    log = tmp_path / "streamlit.log"
    env = {**os.environ, **dashboard_index.env(), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
               "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false"]
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _screenshot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the viewport to fit it."""
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 1440, "height": max(1000, int(height))})
    page.wait_for_timeout(500)
    page.screenshot(path=path)
    page.set_viewport_size({"width": 1440, "height": 1000})


def test_overview_in_chromium(dashboard_url: str, dashboard_index: DashboardIndex, tmp_path: Path):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="vi-VN", timezone_id="UTC")
            page.goto(dashboard_url)
            expect(page.get_by_role("heading", name="Lắng Nghe · Tổng quan")).to_be_visible()
            assert "Lắng Nghe" in page.title()
            expect(page.get_by_text("Dữ liệu minh hoạ (demo).")).to_be_visible()
            expect(page.get_by_text("Triều cường dâng cao, nhiều khu dân cư Quận 7 ngập")).to_be_visible()
            expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(2)
            _screenshot(page, tmp_path / "overview.png")

            search = page.get_by_label("Tìm kiếm")
            search.fill("ngap")
            search.press("Enter")
            expect(page.get_by_text(f"{len(dashboard_index.matching('ngập'))} kết quả")).to_be_visible()
            expect(page.get_by_text("Nhà tôi ở Bình Thạnh, cứ mưa là ngập tới đầu gối")).to_be_visible()
            expect(page.get_by_text("Kẹt xe kinh khủng, mất hơn một tiếng")).to_have_count(0)
            _screenshot(page, tmp_path / "search-ngap.png")
        finally:
            browser.close()
