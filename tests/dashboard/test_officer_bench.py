"""`langnghe bench dashboard`: the generated documents are what the store indexes, and a tiny run
prints the promised JSON and drops its scratch prefix."""
from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from itertools import islice

import pytest

from benchmarks.dashboard_corpus import case_docs, incident_docs, post_docs
from core.case_schema import Case, Incident
from core.schema import Post


def test_generated_posts_are_valid_posts_over_many_wards_and_90_days():
    end = datetime(2026, 11, 30, tzinfo=UTC)
    docs = list(post_docs(5000, end))
    for doc in docs[:50]:
        post = Post.from_document(doc)
        assert set(post.to_document()) == set(doc) and post.id == doc["id"]
        assert post.enrichment.ward_codes == doc["enrichment"]["ward_codes"]
    wards = Counter(d["enrichment"]["ward_codes"][0] for d in docs)
    assert len(wards) > 120 and wards.most_common(1)[0][1] > 5 * min(wards.values())
    assert 0.4 < sum(d["enrichment"]["sentiment"] == "negative" for d in docs) / len(docs) < 0.5
    days = {d["published_at"][:10] for d in docs}
    assert len(days) >= 85


def test_generated_cases_and_incidents_are_valid(settings):
    end = datetime(2026, 11, 30, tzinfo=UTC)
    ids = [d["id"] for d in post_docs(100, end)]
    cases = list(case_docs(settings, 500, end, ids))
    for doc in cases[:50]:
        assert Case.model_validate(Case.model_validate(doc).to_document()) == Case.model_validate(doc)
        assert set(Case.model_validate(doc).to_document()) == set(doc)
    assert {d["status"] for d in cases} >= {"new", "in_progress", "resolved", "closed"}
    assert all(d["due_at"] > d["received_at"] for d in cases)
    for doc in islice(incident_docs(20, end, ids, [c["id"] for c in cases]), 20):
        assert set(Incident.model_validate(doc).to_document()) == set(doc)


@pytest.mark.integration
def test_a_tiny_bench_prints_every_page_and_drops_its_prefix(settings, es):
    from tests.helpers import langnghe, settings_env

    result = langnghe("bench", "dashboard", "--json", "--docs", "2000", "--cases", "200", "--renders", "2",
                      "--cold", env=settings_env(settings))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["docs"], report["cases"]) == (2000, 200)
    assert set(report["pages"]) == {"overview", "explore", "incidents", "queue", "case", "units", "digests",
                                    "admin_audit"}
    assert all(0 < p["p50_ms"] <= p["p95_ms"] for p in report["pages"].values())
    assert set(report["pages_cold"]) == set(report["pages"])
    assert "overview.ward_breakdown" in report["overview_reads"] and report["overview_reads_cold"]
    prefix = report["scratch_prefix"]
    assert prefix.startswith("bench-dash-") and not report["kept"]
    assert not es.options(ignore_status=404).indices.get(index=f"{prefix}-*", expand_wildcards="all").body
