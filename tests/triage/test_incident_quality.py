"""Merge quality on a hand-labelled sample: 31 items of 14 events across channels, with
same-ward, same-topic events that must stay apart (pairwise precision and recall)."""
from __future__ import annotations

import itertools
import json
from datetime import timedelta
from pathlib import Path

from core.case_schema import Channel
from core.settings import Settings
from tests.triage.conftest import NOW
from triage.incidents import ClusterItem, cluster

SAMPLE = Path(__file__).parent / "data" / "incidents_labelled.jsonl"


def pairwise_scores() -> tuple[float, float, int, int]:
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    items = [ClusterItem(r["id"], Channel(r["channel"]), r["text"], r["topic"], r["ward_code"], None,
                         NOW + timedelta(minutes=r["minutes"]), street=r["street"]) for r in rows]
    predicted = {m: inc.id for inc in cluster(items, [], Settings()) for m in inc.member_ids}
    truth = {r["id"]: r["event"] for r in rows}
    pairs = list(itertools.combinations(truth, 2))
    merged = {p for p in pairs if predicted[p[0]] == predicted[p[1]]}
    same = {p for p in pairs if truth[p[0]] == truth[p[1]]}
    return len(merged & same) / len(merged), len(merged & same) / len(same), len(merged), len(same)


def test_merges_are_precise_on_the_labelled_sample():
    precision, recall, merged, same = pairwise_scores()
    print(f"pairwise precision {precision:.2f}, recall {recall:.2f} ({merged} merged pairs, {same} true pairs)")
    assert precision >= 0.9
    assert recall >= 0.5
