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
from contextlib import contextmanager
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


@contextmanager
def running_dashboard(extra_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """`streamlit run dashboard/app.py` on a free loopback port; its URL until the block ends."""
    port = _free_port()
    log = tmp_path / "streamlit.log"
    env = {**os.environ, **extra_env, "PYTHONPATH": str(ROOT)}
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


@pytest.fixture
def dashboard_url(dashboard_index: DashboardIndex, tmp_path: Path) -> Iterator[str]:
    with running_dashboard(dashboard_index.env(), tmp_path) as url:
        yield url


def _screenshot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the viewport to fit it."""
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 1440, "height": max(1000, int(height))})
    page.wait_for_timeout(500)
    page.screenshot(path=path)
    page.set_viewport_size({"width": 1440, "height": 1000})


def _log_in(page, name: str, password: str = "langnghe-demo") -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Lắng Nghe · Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_communications_flow_in_chromium(dashboard_url: str, dashboard_index: DashboardIndex, tmp_path: Path):
    """Log in as communications staff, read the overview, search, open an alert's Explore link,
    see the incident with pseudonymised authors, log out."""
    from playwright.sync_api import expect

    from triage.policy import pseudonymise

    expect.set_options(timeout=30_000)
    with sync_playwright_browser() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="vi-VN", timezone_id="UTC")
        page.goto(dashboard_url)
        expect(page.get_by_text("Tài khoản demo")).to_be_visible()
        _log_in(page, "truyenthong.thu")
        expect(page.get_by_role("heading", name="Lắng Nghe · Tổng quan")).to_be_visible()
        assert "Lắng Nghe" in page.title()
        expect(page.get_by_text("Dữ liệu minh hoạ (demo).")).to_be_visible()
        expect(page.get_by_text("Triều cường dâng cao, nhiều khu dân cư Quận 7 ngập")).to_be_visible()
        expect(page.get_by_role("heading", name="Bản đồ theo phường/xã")).to_be_visible()
        expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(7)
        _screenshot(page, tmp_path / "overview.png")

        search = page.get_by_label("Tìm kiếm")
        search.fill("ngap")
        search.press("Enter")
        expect(page.get_by_text(f"{len(dashboard_index.matching('ngập'))} kết quả")).to_be_visible()
        expect(page.get_by_text("Nhà tôi ở Bình Thạnh, cứ mưa là ngập tới đầu gối")).to_be_visible()
        expect(page.get_by_text("Kẹt xe kinh khủng, mất hơn một tiếng")).to_have_count(0)

        page.goto(f"{dashboard_url}/explore?q=ng%E1%BA%ADp&ward=26929")  # an alert's link: a new session
        _log_in(page, "truyenthong.thu")
        expect(page.get_by_role("heading", name="Khám phá")).to_be_visible()
        flood_here = [p for p in dashboard_index.matching("ngập") if "26929" in p.enrichment.ward_codes]
        expect(page.get_by_text(f"{len(flood_here)} kết quả", exact=True)).to_be_visible()
        _screenshot(page, tmp_path / "explore.png")

        page.get_by_role("link", name="Sự việc").click()
        expect(page.get_by_role("heading", name="Sự việc")).to_be_visible()
        expect(page.get_by_text("HCM-2026-000042")).to_be_visible()
        page.get_by_text("Một số tin").first.click()
        author = "Bạn đọc 4"
        key = dashboard_index.settings.pseudonym_key
        expect(page.get_by_text(pseudonymise(author, key))).to_be_visible()
        expect(page.get_by_text(author, exact=False)).to_have_count(0)
        _screenshot(page, tmp_path / "incidents.png")

        page.get_by_role("button", name="Đăng xuất").click()
        expect(page.get_by_role("heading", name="Lắng Nghe · Đăng nhập")).to_be_visible()


def sync_playwright_browser():
    from contextlib import contextmanager

    from playwright.sync_api import sync_playwright

    @contextmanager
    def browser():
        with sync_playwright() as p:
            launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                yield launched
            finally:
                launched.close()

    return browser()
