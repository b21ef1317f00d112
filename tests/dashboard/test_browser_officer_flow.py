"""One whole working day in Debian chromium against ``streamlit run``: an officer logs in, opens
the queue and a case, assigns it, replies from a template and resolves it; then communications
staff log in and see the incident that case came from — without anyone's personal data."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from store.cases import get_case
from tests.dashboard.test_browser import CHROMIUM, CHROMIUM_ARGS, running_dashboard
from tests.dashboard.test_officer_seed import REPORTER, OfficerIndex, officer_index_fixture

pytestmark = [pytest.mark.browser, pytest.mark.integration,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium "
                                 "(`make chromium` or `apt-get install chromium`)")]

PASSWORD = "langnghe-demo"   # the demo users of config/users.yaml


@pytest.fixture(scope="module")
def officer_index(es_url: str) -> Iterator[OfficerIndex]:
    yield from officer_index_fixture(es_url)


@pytest.fixture
def app_url(officer_index: OfficerIndex, tmp_path: Path) -> Iterator[str]:
    with running_dashboard(officer_index.env(), tmp_path) as url:
        yield url


def _log_in(page, name: str) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def _choose(page, label: str, option: str) -> None:
    """Streamlit's selectbox is a combobox: type to filter, then pick the option."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option).first.click()


def test_officer_resolves_a_case_then_communications_sees_its_incident(app_url: str, officer_index: OfficerIndex,
                                                                       tmp_path: Path):
    from playwright.sync_api import expect, sync_playwright

    from core.settings import Settings
    from triage.policy import pseudonymise

    case_id = officer_index.flood_case
    expect.set_options(timeout=45_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1100}, locale="vi-VN", timezone_id="UTC")
            page.goto(app_url)
            _log_in(page, "canbo.lan")
            expect(page.get_by_role("heading", name="Hàng đợi xử lý")).to_be_visible()

            search = page.get_by_label("Tìm trong hồ sơ")
            search.fill("Bình Thạnh ngập")
            search.press("Enter")
            expect(page.get_by_text("1 hồ sơ", exact=False).first).to_be_visible()
            page.get_by_role("link", name="Mở hồ sơ").click()
            expect(page.get_by_role("heading", name=case_id)).to_be_visible()
            expect(page.get_by_text(REPORTER[2])).to_be_visible()          # an officer sees the reporter

            page.get_by_role("button", name="Giao hồ sơ").click()
            expect(page.get_by_text("Đã lưu.")).to_be_visible()
            _choose(page, "Mẫu trả lời", "Đã tiếp nhận và chuyển đơn vị xử lý")
            expect(page.get_by_label("Nội dung trả lời")).to_contain_text(case_id)
            page.get_by_role("button", name="Lưu trả lời").click()
            expect(page.get_by_text("Đã trả lời: Kính gửi Ông/Bà", exact=False)).to_be_visible()
            page.get_by_role("button", name="Chuyển sang «Đang xử lý»").click()
            expect(page.get_by_role("button", name="Chuyển sang «Đã giải quyết»")).to_be_visible()
            page.get_by_role("button", name="Chuyển sang «Đã giải quyết»").click()
            expect(page.get_by_role("button", name="Chuyển sang «Đã đóng»")).to_be_visible()
            page.screenshot(path=tmp_path / "case-resolved.png", full_page=True)

            stored = get_case(officer_index.client(), officer_index.settings, case_id).case
            assert (stored.status, stored.assignee) == ("resolved", "canbo.lan")
            assert case_id in stored.reply and stored.reporters[0].phone == REPORTER[2]

            page.get_by_role("button", name="Đăng xuất").click()
            _log_in(page, "truyenthong.thu")
            expect(page.get_by_role("heading", name="Lắng Nghe · Tổng quan")).to_be_visible()
            page.get_by_role("link", name="Sự việc").click()
            expect(page.get_by_role("heading", name="Sự việc")).to_be_visible()
            expect(page.get_by_text("inc-officer-ngap", exact=False)).to_be_visible()   # the largest incident: first
            expect(page.get_by_text(case_id, exact=True).first).to_be_visible()
            page.get_by_text("Một số tin").first.click()
            key = Settings().pseudonym_key
            expect(page.get_by_text(pseudonymise("Bạn đọc 4", key), exact=False).first).to_be_visible()
            content = page.locator("[data-testid='stMain']").inner_text()
            page.screenshot(path=tmp_path / "incident-communications.png", full_page=True)
            for personal in (REPORTER[2], f"{REPORTER[0]} {REPORTER[1]}", "Bạn đọc 4", stored.reply[:40]):
                assert personal not in content
        finally:
            browser.close()
