"""The command-line contract that scripts and checks rely on, through the real entry point."""
import json
from datetime import UTC, datetime

import pytest

from core.schema import Enrichment, Post
from store.setup import ensure_posts_index
from store.writer import index_posts
from tests.helpers import langnghe, settings_env

NOW = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)


@pytest.mark.integration
def test_search_json_contract(es, settings):
    alias = ensure_posts_index(es, settings).alias
    index_posts(es, alias, [
        Post(source="vnexpress", canonical_id=str(i), url=f"https://vnexpress.net/a-{i}.html", kind="article",
             title=title, text=title + ".", published_at=NOW, collected_at=NOW,
             enrichment=Enrichment(normalized_text=title, sentiment="negative", sentiment_score=0.7, model_id="m"))
        for i, title in enumerate(["Triều cường gây ngập Thủ Đức", "Khói bụi ở Bình Chánh"])])
    env = settings_env(settings)
    for query in ("ngập", "ngap"):
        result = langnghe("search", query, "--json", env=env)
        assert result.returncode == 0, result.stderr
        body = json.loads(result.stdout)
        assert body["total"] == 1
        assert set(body["hits"][0]) == {"id", "source", "url", "title", "text", "published_at", "sentiment"}
        assert body["hits"][0]["id"] == "vnexpress:0" and body["hits"][0]["sentiment"] == "negative"
    everything = json.loads(langnghe("search", "--json", "--size", "1", env=env).stdout)
    assert everything["total"] == 2 and len(everything["hits"]) == 1


@pytest.mark.integration
def test_es_status_reports_a_running_node(es_url):
    import os

    if os.environ.get("LANGNGHE_TEST_ES_EXTERNAL"):
        pytest.skip("this run uses a cluster given by ES_URL: there is no embedded node to report on")
    env = dict(os.environ, LANGNGHE_ES_PORT=es_url.rsplit(":", 1)[1])
    env.pop("ES_URL", None)
    result = langnghe("es", "status", env=env)
    assert result.returncode == 0 and "cluster health" in result.stdout, result.stdout + result.stderr


def test_unreachable_elasticsearch_gives_a_hint(tmp_path):
    import os

    env = dict(os.environ, ES_URL="http://127.0.0.1:9", LANGNGHE_DATA_DIR=str(tmp_path))
    result = langnghe("search", "ngập", "--json", env=env, timeout=120)
    assert result.returncode == 2
    assert "not reachable" in result.stderr and "langnghe es start" in result.stderr
