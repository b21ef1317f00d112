"""The whole chain over the recorded demo pages, against the real Elasticsearch."""
from datetime import UTC, datetime, timedelta

import pytest

from pipeline.listening import Interval, run_once
from store import queries
from store.client import make_client

pytestmark = [pytest.mark.integration, pytest.mark.slow]
END = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


def test_demo_pipeline_indexes_everything_once(settings):
    interval = Interval(END - timedelta(hours=1), END)
    first = run_once(interval, "demo", settings)
    assert first["failed"] == [] and first["created"] > 50
    client, alias = make_client(settings), first["alias"]
    total = queries.count_posts(client, alias)
    assert total == first["created"]

    later = Interval(END, END + timedelta(hours=1))
    second = run_once(later, "demo", settings)
    assert (second["created"], second["updated"], second["failed"]) == (0, 0, [])
    assert second["unchanged"] == total
    assert queries.count_posts(client, alias) == total

    breakdown = queries.sentiment_breakdown(client, alias)
    assert "unknown" not in breakdown and sum(breakdown.values()) == total
    assert queries.has_demo_data(client, alias)
    article = queries.search_posts(client, alias, "lymphoma ruột non").hits[0]
    assert article.kind == "article" and article.url.startswith("https://vnexpress.net/")
    assert queries.search_posts(client, alias, "lymphoma ruot non").hits[0].id == article.id
