"""Every intake submission becomes a case at once, and none is ever missed.

The intake API opens the case right after acknowledging the submission (in the background, so the
citizen's answer does not wait for it); ``open_pending_cases``, run by a DAG every few minutes,
opens the case of any stored request that has none yet (an API process that died between the two
steps, a bulk hotline import). Opening is idempotent: a request never makes two cases.

Before opening, the request's text is read by the classifiers (urgency, legal type) and by the
place extractor; a model that is not built leaves the default (medium, phản ánh) rather than
holding the case back.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from elasticsearch import Elasticsearch, helpers

from core.errors import ModelMissing
from core.schema import Place
from core.settings import Settings
from store.cases import linked_case_id
from triage.cases import ensure_triage_indices, open_case_from_request
from triage.policy import SYSTEM

log = logging.getLogger(__name__)


def _predict(settings: Settings, task: str, text: str) -> str | None:
    from nlp.classify.registry import load_classifier
    from nlp.retrain import served_model_dir

    try:
        classifier = load_classifier(served_model_dir(settings, task))
        if task == "urgency":
            from nlp.tasks.urgency import predict

            return predict(classifier, [text])[0].label
        return classifier.predict([text])[0].label
    except (ModelMissing, FileNotFoundError) as exc:
        log.warning("no %s model (%s): the case keeps the default", task, exc)
        return None


def read_request(settings: Settings, request: Mapping[str, Any]) -> dict[str, Any]:
    """Urgency, legal type and place of one request, from its description and address."""
    from nlp.places import extract_places

    text = " ".join(str(request.get(k) or "") for k in ("description", "address")).strip()
    places = [p for p in extract_places([text])[0] if p.ward_code] if text else []
    urgency = _predict(settings, "urgency", text) if text else None
    legal_type = _predict(settings, "legal_type", text) if text else None
    return {"urgency": urgency or "medium", "legal_type": legal_type or "phan_anh",
            "place": places[0] if places else (Place(mention=request["address"]) if request.get("address") else None)}


def _flat(request: Any) -> dict[str, Any]:
    """A stored service request (model or document) as the flat mapping triage reads."""
    doc = request.model_dump(mode="json") if hasattr(request, "model_dump") else dict(request)
    personal = doc.pop("personal", None) or {}
    return {**doc, **{k: v for k, v in personal.items() if v}}


_READY: set[tuple[str, str]] = set()


def _ensure_ready(client: Elasticsearch, settings: Settings) -> None:
    """The triage indices, checked once per process and cluster/prefix."""
    key = (settings.es_endpoint, settings.index_prefix)
    if key not in _READY:
        ensure_triage_indices(client, settings)
        _READY.add(key)


def open_case_for_request(client: Elasticsearch, settings: Settings, request: Any, now: datetime) -> str:
    _ensure_ready(client, settings)
    flat = _flat(request)
    existing = linked_case_id(client, settings, f"request:{flat['service_request_id']}")
    if existing:
        return existing
    reading = read_request(settings, flat)
    return open_case_from_request(client, settings, flat, now=now, actor=SYSTEM, **reading).case.id


def open_pending_cases(client: Elasticsearch, settings: Settings, since: datetime, now: datetime) -> dict[str, int]:
    """Open the case of every request stored since ``since`` that has none."""
    ensure_triage_indices(client, settings)
    alias = settings.index_alias("requests")
    if not client.indices.exists_alias(name=alias):
        return {"requests": 0, "opened": 0}
    seen = opened = 0
    query = {"query": {"range": {"requested_datetime": {"gte": since.isoformat()}}}}
    for hit in helpers.scan(client, index=alias, query=query):
        seen += 1
        rid = hit["_source"]["service_request_id"]
        if linked_case_id(client, settings, f"request:{rid}") is None:
            open_case_for_request(client, settings, hit["_source"], now)
            opened += 1
    return {"requests": seen, "opened": opened}


def open_cases(client: Elasticsearch, settings: Settings, requests: Iterable[Any], now: datetime) -> list[str]:
    ensure_triage_indices(client, settings)
    return [open_case_for_request(client, settings, request, now) for request in requests]
