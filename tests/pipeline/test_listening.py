"""The whole chain over the recorded demo pages, against the real Elasticsearch."""
import shutil
from datetime import UTC, datetime, timedelta

import pytest

from pipeline.listening import Interval, run_once
from store import queries
from store.client import make_client

pytestmark = [pytest.mark.integration, pytest.mark.slow]
END = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


def versions(client, alias) -> dict[str, int]:
    hits = client.search(index=alias, size=10000, version=True, query={"match_all": {}})["hits"]["hits"]
    return {h["_id"]: h["_version"] for h in hits}


def test_demo_pipeline_indexes_everything_once(settings):
    interval = Interval(END - timedelta(hours=1), END)
    first = run_once(interval, "demo", settings)
    assert first["failed"] == [] and first["created"] > 50
    assert first["runs"]["vnexpress"] == "ok" and set(first["runs"]) >= {"tuoitre", "thanhnien", "dantri", "voz"}
    client, alias = make_client(settings), first["alias"]
    total = queries.count_posts(client, alias)
    assert total == first["created"]
    before = versions(client, alias)

    later = Interval(END, END + timedelta(hours=1))
    second = run_once(later, "demo", settings)  # from the watermarks: nothing is new
    assert (second["created"], second["updated"], second["total"], second["failed"]) == (0, 0, 0, [])
    assert queries.count_posts(client, alias) == total

    shutil.rmtree(settings.data_dir / "state")  # forget the watermarks: the same interval crawls everything again
    again = run_once(interval, "demo", settings)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, total)
    assert versions(client, alias) == before  # the index is identical, versions included

    breakdown = queries.sentiment_breakdown(client, alias)
    assert sum(breakdown.values()) == total
    unknown = client.search(index=alias, size=100, query={"bool": {"must_not": {"exists": {"field": "enrichment.sentiment"}}}})
    assert len(unknown["hits"]["hits"]) == breakdown.get("unknown", 0)
    assert all(not h["_source"]["text"].strip() for h in unknown["hits"]["hits"])  # only texts with no words
    assert queries.has_demo_data(client, alias)
    article = queries.search_posts(client, alias, "lymphoma ruột non").hits[0]
    assert article.kind == "article" and article.url.startswith("https://vnexpress.net/")
    assert queries.search_posts(client, alias, "lymphoma ruot non").hits[0].id == article.id
