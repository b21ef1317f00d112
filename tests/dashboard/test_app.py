"""The overview page in Streamlit's AppTest (signed in as communications staff), against the real Elasticsearch."""
from __future__ import annotations

import socket

import pytest
from streamlit.testing.v1 import AppTest

from core.settings import get_settings
from tests.dashboard.apptest import open_app
from tests.dashboard.conftest import DashboardIndex
from triage.policy import Role


def _run() -> AppTest:
    return open_app(Role.communications)


def _texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in [*at.markdown, *at.caption, *at.info])


def _result_count(at: AppTest) -> int:
    line = next(m.value for m in at.markdown if str(m.value).endswith(" kết quả**"))
    return int(line.strip("*").split()[0].replace(".", ""))


@pytest.mark.integration
def test_overview_renders_demo_banner_and_counts(dashboard_env: DashboardIndex):
    at = _run()
    assert not at.exception and not at.error
    assert at.title[0].value == "Lắng Nghe · Tổng quan"
    assert "Dữ liệu minh hoạ (demo)" in at.info[0].value
    metrics = {m.label: m.value for m in at.metric}
    posts = dashboard_env.posts
    assert metrics["Tài liệu"] == str(len(posts))
    assert metrics["Bài báo"] == str(sum(p.kind == "article" for p in posts))
    assert metrics["Bình luận"] == str(sum(p.kind == "comment" for p in posts))
    assert _result_count(at) == len(posts)
    assert "Triều cường dâng cao" in _texts(at)  # newest first


@pytest.mark.integration
@pytest.mark.parametrize("query", ["ngap", "ngập", "NGẬP"])
def test_search_works_with_and_without_diacritics(dashboard_env: DashboardIndex, query: str):
    at = _run()
    at.text_input(key="query").input(query).run()
    assert not at.exception and not at.error
    expected = dashboard_env.matching("ngập")
    assert len(expected) >= 5
    assert _result_count(at) == len(expected)
    assert {m.label: m.value for m in at.metric}["Tài liệu"] == str(len(expected))
    shown = _texts(at)
    assert "Nhà tôi ở Bình Thạnh" in shown and "Kẹt xe kinh khủng" not in shown


@pytest.mark.integration
def test_sentiment_filter_narrows_the_list(dashboard_env: DashboardIndex):
    at = _run()
    at.button_group(key="sentiment").set_value("positive").run()
    assert not at.exception
    assert _result_count(at) == sum(p.enrichment.sentiment == "positive" for p in dashboard_env.posts)


@pytest.mark.integration
def test_a_query_without_match_shows_zero_results(dashboard_env: DashboardIndex):
    at = _run()
    at.text_input(key="query").input("xyzzy tàu ngầm").run()
    assert not at.exception and not at.error
    assert _result_count(at) == 0
    assert any("Không tìm thấy" in c.value for c in at.caption)


def test_unreachable_elasticsearch_is_one_error_with_its_hint(monkeypatch: pytest.MonkeyPatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("ES_URL", f"http://127.0.0.1:{port}")
    get_settings.cache_clear()
    try:
        at = _run()
    finally:
        get_settings.cache_clear()
    assert not at.exception
    assert len(at.error) == 1
    assert f"127.0.0.1:{port}" in at.error[0].value
    assert "langnghe es start" in at.error[0].value


@pytest.mark.integration
def test_an_empty_index_says_how_to_fill_it(es_url: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ES_URL", es_url)
    monkeypatch.setenv("LANGNGHE_INDEX_PREFIX", "test-dash-never-created")
    get_settings.cache_clear()
    try:
        at = _run()
    finally:
        get_settings.cache_clear()
    assert not at.exception and not at.error
    assert any("langnghe pipeline run" in i.value for i in at.info)
    assert not at.metric
