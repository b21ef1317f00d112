"""Scrapy settings: polite and honest in live, no delay and no proxy on the loopback demo."""
from __future__ import annotations

from pathlib import Path

from scrapy.settings import Settings as ScrapySettings

from core.settings import Settings
from crawlers.settings import for_run, user_agent


def test_user_agent_carries_the_contact():
    assert user_agent(Settings(user_agent="Bot/1 (+https://x)", contact="ops@example.org")) == \
        "Bot/1 (+https://x; ops@example.org)"
    assert user_agent(Settings(user_agent="Bot/1", contact="ops@example.org")) == "Bot/1 (ops@example.org)"
    assert user_agent(Settings(user_agent="Bot/1", contact="")) == "Bot/1"


def test_live_and_demo_politeness(tmp_path: Path):
    settings = Settings(download_delay=2.5, max_comment_pages=3)
    live = for_run(settings, "live", tmp_path)
    demo = for_run(settings, "demo", tmp_path)

    assert (live["DOWNLOAD_DELAY"], live["HTTPPROXY_ENABLED"], live["AUTOTHROTTLE_START_DELAY"]) == (2.5, True, 5.0)
    assert (demo["DOWNLOAD_DELAY"], demo["HTTPPROXY_ENABLED"], demo["AUTOTHROTTLE_START_DELAY"]) == (0, False, 0)
    assert live["LANGNGHE_MAX_COMMENT_PAGES"] == 3 and live["LANGNGHE_SPOOL_DIR"] == str(tmp_path)


def test_project_settings_module():
    s = ScrapySettings()
    s.setmodule("crawlers.settings", priority="project")

    assert s.getbool("ROBOTSTXT_OBEY") and s.getbool("AUTOTHROTTLE_ENABLED")
    assert not s.getbool("REMOTE_CONTROL_ENABLED") and not s.getbool("TELNETCONSOLE_ENABLED")
    order = sorted(s.getdict("ITEM_PIPELINES").items(), key=lambda kv: kv[1])
    assert [name.rsplit(".", 1)[1] for name, _ in order] == [
        "ValidatePipeline", "NormalizePipeline", "LanguagePipeline", "ScopePipeline", "IncrementalPipeline",
        "DedupePipeline", "SpoolPipeline"]
    assert s.get("HTTPCACHE_POLICY") == "scrapy.extensions.httpcache.RFC2616Policy"


def test_defaults_are_polite_cached_and_budgeted(tmp_path: Path):
    settings = Settings(data_dir=tmp_path)
    live = for_run(settings, "live", tmp_path / "spool")

    assert live["DOWNLOAD_DELAY"] >= 1.0 and live["DOWNLOAD_DELAY_JITTER"] == 0  # never under 1 s per host
    assert live["AUTOTHROTTLE_START_DELAY"] >= live["DOWNLOAD_DELAY"]
    assert live["HTTPCACHE_ENABLED"] and live["HTTPCACHE_DIR"] == str(tmp_path / "httpcache" / "live")
    assert live["CLOSESPIDER_PAGECOUNT"] == settings.max_pages_per_run > 0
    assert "LangNgheBot" in live["USER_AGENT"]
    assert not for_run(Settings(data_dir=tmp_path, http_cache=False), "live", tmp_path)["HTTPCACHE_ENABLED"]
