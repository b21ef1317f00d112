"""Reads and writes of label corrections and model decisions."""
from __future__ import annotations

from datetime import datetime

from elasticsearch import Elasticsearch, helpers

from core.feedback_schema import FEEDBACK_SCHEMA_VERSION, LabelCorrection, ModelDecision
from core.settings import Settings
from store.setup import ensure_index


def ensure_feedback_indices(client: Elasticsearch, settings: Settings) -> None:
    ensure_index(client, settings, "label-corrections", LabelCorrection, FEEDBACK_SCHEMA_VERSION)
    ensure_index(client, settings, "model-decisions", ModelDecision, FEEDBACK_SCHEMA_VERSION)


def save_correction(client: Elasticsearch, settings: Settings, correction: LabelCorrection) -> None:
    ensure_feedback_indices(client, settings)
    client.index(index=settings.index_alias("label-corrections"), id=correction.id,
                 document=correction.model_dump(mode="json"), refresh="wait_for")


def corrections(client: Elasticsearch, settings: Settings, task: str, until: datetime | None = None) -> list[LabelCorrection]:
    filters = [{"term": {"task": task}}]
    if until:
        filters.append({"range": {"corrected_at": {"lte": until.isoformat()}}})
    hits = helpers.scan(client, index=settings.index_alias("label-corrections"),
                        query={"query": {"bool": {"filter": filters}}, "sort": [{"id": "asc"}]}, preserve_order=True)
    return [LabelCorrection.model_validate(h["_source"]) for h in hits]


def record_decision(client: Elasticsearch, settings: Settings, decision: ModelDecision) -> None:
    client.index(index=settings.index_alias("model-decisions"), id=decision.id, document=decision.model_dump(mode="json"),
                 refresh="wait_for")


def decisions(client: Elasticsearch, settings: Settings, task: str | None = None, size: int = 50) -> list[ModelDecision]:
    query = {"term": {"task": task}} if task else {"match_all": {}}
    response = client.search(index=settings.index_alias("model-decisions"), query=query, size=size,
                             sort=[{"decided_at": "desc"}])
    return [ModelDecision.model_validate(h["_source"]) for h in response["hits"]["hits"]]
