"""A digest as a recipient sees it: rendered in Debian chromium, screenshotted, every section there."""
from datetime import date, timedelta
from pathlib import Path

import pytest

from core.schema import Enrichment, Post
from notify.digest import Group, build_day, period
from store.setup import ensure_posts_index
from store.writer import index_posts

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SECTIONS = ("Có gì mới", "Sự việc nổi bật", "Tăng đột biến", "Hồ sơ đến hạn và quá hạn", "Cảm xúc so với tuần trước")

pytestmark = [pytest.mark.integration, pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium (`make chromium`)")]


def test_digest_renders_with_every_section_and_its_charts(es, settings, tmp_path):
    from playwright.sync_api import sync_playwright

    day = date(2026, 11, 30)
    start, _ = period(day, settings)
    posts = [Post(source="t", canonical_id=str(i), url=f"https://e.vn/{i}", kind="comment",
                  text=f"Đường ngập sâu sau mưa, số {i}", published_at=start + timedelta(hours=i),
                  collected_at=start + timedelta(hours=i), replies=i,
                  enrichment=Enrichment(normalized_text="ngập", topic="ngap_nuoc", sentiment="negative",
                                        ward_codes=["26734"]))
             for i in range(4)]
    index_posts(es, ensure_posts_index(es, settings).alias, posts)
    out = tmp_path / "digests"
    build_day(es, settings, day, groups=[Group("role:officer", "Cán bộ tiếp nhận", role="officer")], out=out)
    page_file = out / "role-officer.html"

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 800, "height": 1200})
        page.goto(page_file.as_uri())
        for section in SECTIONS:
            assert page.get_by_role("heading", name=section).is_visible(), section
        images = page.locator("img")
        assert images.count() == 2
        assert all(page.evaluate("(img) => img.naturalWidth", images.nth(i).element_handle()) > 100 for i in range(2))
        shot = page.screenshot(path=str(tmp_path / "digest.png"), full_page=True)
        browser.close()
    assert len(shot) > 10_000
