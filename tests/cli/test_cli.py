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


@pytest.mark.slow
def test_evaluate_json_contract(tmp_path):
    from tests.helpers import ROOT

    lines = (ROOT / "data/datasets/uit_vsfc/dev.jsonl").read_text(encoding="utf-8").splitlines()[:60]
    data = tmp_path / "dev.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = langnghe("evaluate", "--task", "sentiment", "--data", str(data), env=settings_env_plain(tmp_path))
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert set(body) >= {"accuracy", "macro_f1", "weighted_f1", "per_class", "n"}
    assert body["n"] == 60 and 0.5 < body["accuracy"] <= 1
    assert set(body["per_class"]) <= {"negative", "neutral", "positive"}


@pytest.mark.slow
def test_evaluate_names_the_bad_line(tmp_path):
    data = tmp_path / "bad.jsonl"
    data.write_text('{"text": "tốt lắm", "label": "positive"}\n{"text": "tệ", "label": "angry"}\n', encoding="utf-8")
    result = langnghe("evaluate", "--task", "sentiment", "--data", str(data), env=settings_env_plain(tmp_path))
    assert result.returncode == 2
    assert ":2" in result.stderr or "line 2" in result.stderr, result.stderr


@pytest.mark.slow
def test_classify_adds_predictions_to_every_line(tmp_path):
    rows = [{"id": 1, "text": "Đường ngập quá, khổ dân"}, {"id": 2, "text": "Cảm ơn các anh công an, rất tận tình"}]
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    inp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    result = langnghe("classify", "--in", str(inp), "--out", str(out), env=settings_env_plain(tmp_path))
    assert result.returncode == 0, result.stderr
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [g["id"] for g in got] == [1, 2]
    assert [g["sentiment"] for g in got] == ["negative", "positive"]
    assert all(0 < g["sentiment_score"] <= 1 and g["model_id"] for g in got)


def settings_env_plain(tmp_path) -> dict:
    import os

    return dict(os.environ, LANGNGHE_DATA_DIR=str(tmp_path))
