"""Run reports in <prefix>-source-runs, watermarks that move only after indexing, and an
Elasticsearch outage that loses nothing: all against the real Elasticsearch."""
from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import pytest

from core.errors import ElasticsearchUnavailable
from core.source_run import RunStatus
from crawlers.state import load_state
from pipeline.listening import Interval, crawl, enrich, index, read_posts, record, run_once
from store import queries
from store.source_runs import latest_runs, source_runs_index, source_runs_mapping

pytestmark = [pytest.mark.integration, pytest.mark.slow]
END = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
SOURCES = ["tuoitre", "dantri", "voz"]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_run_reports_are_indexed_and_a_second_run_adds_nothing(settings, es):
    interval = Interval(END - timedelta(hours=1), END)
    first = run_once(interval, "demo", settings, SOURCES)
    runs = latest_runs(es, settings, "demo")

    assert set(runs) == set(SOURCES) and all(r.status == RunStatus.ok for r in runs.values())
    assert (runs["tuoitre"].items, runs["tuoitre"].new, runs["tuoitre"].out_of_scope) == (8, 8, 1)
    assert runs["voz"].pages == 6 and runs["voz"].last_success_at == END
    assert sum(r.new for r in runs.values()) == first["created"] == queries.count_posts(es, first["alias"])
    mapping = es.indices.get_mapping(index=source_runs_index(settings))[source_runs_index(settings)]["mappings"]
    assert mapping["dynamic"] == "strict" and set(mapping["properties"]) == set(source_runs_mapping()["properties"])

    later = Interval(END, END + timedelta(hours=1))
    second = run_once(later, "demo", settings, SOURCES)
    again = latest_runs(es, settings, "demo")
    assert second["created"] == second["total"] == 0
    assert all(r.items == r.new == 0 and r.interval_end == later.end for r in again.values())
    assert again["tuoitre"].since == runs["tuoitre"].watermark and again["tuoitre"].old_items > 0
    assert queries.count_posts(es, first["alias"]) == first["created"]
    assert es.count(index=source_runs_index(settings))["count"] == 6  # one report per source and interval


def test_an_elasticsearch_outage_loses_nothing(settings, es):
    interval = Interval(END - timedelta(hours=1), END)
    enriched = enrich(crawl(interval, "demo", settings, SOURCES), settings)
    crawled = enriched.with_name("crawled.jsonl")
    down = settings.model_copy(update={"es_url": f"http://127.0.0.1:{closed_port()}"})

    with pytest.raises(ElasticsearchUnavailable):
        index(enriched, down)
    assert load_state(settings, "demo", "voz").watermark is None  # nothing indexed: no watermark moved

    result = index(enriched, settings)  # Elasticsearch is back: the spool is still there
    expected = {post.id for post in read_posts(enriched)}
    found = {h.id for h in queries.search_posts(es, result["alias"], None, size=1000).hits}
    assert result["created"] == len(expected) > 0 and found == expected
    record(crawled, result, interval, settings)
    assert load_state(settings, "demo", "voz").watermark is not None
