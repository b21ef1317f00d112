"""The source config: the shipped file is valid, a bad one fails with a clear ConfigError."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ConfigError
from crawlers.sources import DEMO_PLACEHOLDER, SOURCES_FILE, load_sources, plan_sources

ARTICLE_URL = "https://vnexpress.net/dau-bung-keo-dai-phat-hien-ung-thu-lymphoma-ruot-non-4954454.html"
GOOD = """
sources:
  news:
    spider: vnexpress
    public_urls: {site: https://news.example, comment_api: https://api.news.example}
    profiles:
      live:
        base_urls: {site: https://news.example, comment_api: https://api.news.example}
        feeds: [https://news.example/rss.xml]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_config_is_valid():
    vnexpress = load_sources()["vnexpress"]

    assert vnexpress.spider == "vnexpress"
    assert all(f.startswith("https://vnexpress.net/rss/") for f in vnexpress.profiles["live"].feeds)
    assert vnexpress.profiles["demo"].base_urls.site == DEMO_PLACEHOLDER
    assert vnexpress.profiles["demo"].comment_refresh[0].article_id == "4219024"
    assert vnexpress.profiles["demo"].comment_refresh[0].params == {"site_id": "1000000"}


def test_demo_plan_points_requests_at_the_server():
    plan = plan_sources("demo", demo_url="http://127.0.0.1:5000/")[0]

    assert plan.demo and plan.base_urls.site == plan.base_urls.comment_api == "http://127.0.0.1:5000"
    assert plan.fetch_url(ARTICLE_URL) == "http://127.0.0.1:5000/dau-bung-keo-dai-phat-hien-ung-thu-lymphoma-ruot-non-4954454.html"
    assert plan.fetch_url("https://usi-saas.vnexpress.net/index/get?a=1") == "http://127.0.0.1:5000/index/get?a=1"
    assert plan.public_page_url(plan.fetch_url(ARTICLE_URL)) == ARTICLE_URL


def test_live_plan_fetches_the_real_urls():
    plan = plan_sources("live", ["vnexpress"])[0]
    assert not plan.demo and plan.fetch_url(ARTICLE_URL) == ARTICLE_URL


def test_demo_plan_needs_the_server_address():
    with pytest.raises(ConfigError, match="demo server"):
        plan_sources("demo")


def test_unknown_source_names_the_known_ones():
    with pytest.raises(ConfigError, match=r"unknown source\(s\) \['nope'\].*vnexpress"):
        plan_sources("live", ["nope"])


def test_a_source_without_the_profile(tmp_path):
    with pytest.raises(ConfigError, match="no 'demo' profile"):
        plan_sources("demo", ["news"], path=write(tmp_path, GOOD))
    assert plan_sources("demo", path=write(tmp_path, GOOD)) == []


@pytest.mark.parametrize(("text", "message"), [
    ("sources: [unclosed", "not valid YAML"),
    ("", "invalid"),
    (GOOD.replace("feeds:", "feedz:"), r"sources\.news\.profiles\.live\.feedz: Extra inputs"),
    (GOOD.replace("[https://news.example/rss.xml]", "[news.example/rss.xml]"), "not an http"),
    (GOOD.replace("live:", "staging:"), r"profiles\.staging"),
    (GOOD.replace("public_urls: {site: https://news.example", "public_urls: {site: '${DEMO_SERVER}'"),
     "public_urls must be the real hosts"),
])
def test_bad_files_raise_config_error(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message) as err:
        load_sources(write(tmp_path, text))
    assert str(tmp_path) in err.value.message
    assert "sources.yaml" in err.value.hint


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_sources(tmp_path / "none.yaml")


def test_default_path_is_the_repo_config():
    assert SOURCES_FILE.parts[-2:] == ("config", "sources.yaml")


URL_ONLY = """
x-scope: &hcm {include: [tp.hcm]}
sources:
  city_feed:
    spider: rss
    scope: *hcm
    profiles:
      live: {feeds: [https://city.example/rss.xml]}
      demo: {feeds: [https://city.example/rss.xml]}
"""


def test_a_feed_url_alone_is_a_source(tmp_path):
    source = load_sources(write(tmp_path, URL_ONLY))["city_feed"]
    assert source.public_urls.site == "https://city.example" and source.schedule == "0 * * * *"
    assert source.scope.include == ["tp.hcm"]  # shared through a YAML anchor under an "x-" key
    demo = plan_sources("demo", path=write(tmp_path, URL_ONLY), demo_url="http://127.0.0.1:9")[0]
    assert demo.fetch_url("https://city.example/rss.xml") == "http://127.0.0.1:9/rss.xml"
    live = plan_sources("live", path=write(tmp_path, URL_ONLY))[0]
    assert live.fetch_url("https://city.example/rss.xml") == "https://city.example/rss.xml"


@pytest.mark.parametrize(("text", "message"), [
    (URL_ONLY.replace("spider: rss", "spider: rss\n    schedule: every hour"), "not a cron expression"),
    (URL_ONLY.replace("{feeds: [https://city.example/rss.xml]}", "{}"), "public_urls or at least one"),
])
def test_bad_schedule_or_nowhere_to_start(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_sources(write(tmp_path, text))


def test_every_shipped_source_has_a_schedule_and_both_profiles():
    from croniter import croniter

    for name, source in load_sources().items():
        assert croniter.is_valid(source.schedule), name
        assert set(source.profiles) == {"demo", "live"}, name
