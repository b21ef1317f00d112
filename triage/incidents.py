"""Incidents: items about the same event across channels (social posts, requests, press).

Items are blocked by (topic, ward code) and processed in time order; inside a block an item joins
the open incident whose leader text (its first item) is most similar — cosine of hashed character
3–5-gram vectors (l2-normalised term frequencies, so vectors do not depend on the batch) — if at
least ``incident_similarity``, last seen within ``incident_window_hours`` and not on another named
street; otherwise it starts one.
Incident ids are a hash of the first member, and items already members are skipped, so
re-running the same items leaves the index identical.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from elasticsearch import Elasticsearch

from core.case_schema import Channel, Incident, SentimentPoint
from core.settings import Settings
from store.incidents import open_incidents, write_incidents
from triage.config import load_routing
from triage.deadlines import TZ

REQUEST_PREFIX = "request:"
_KEEP_TEXTS = 5
_BATCH = 128


@dataclass(frozen=True)
class ClusterItem:
    id: str
    channel: Channel
    text: str
    topic: str
    ward_code: str | None
    ward: str | None
    at: datetime
    reach: int = 0
    sentiment: str | None = None
    demo: bool = False
    street: str | None = None


def item_from_post(post: Any) -> ClusterItem:
    """A core.schema.Post (articles count as press)."""
    e = post.enrichment
    place = e.places[0] if e and e.places else None
    text = f"{post.title}. {post.text}" if post.title else post.text
    return ClusterItem(post.id, Channel.press if post.kind == "article" else Channel.post, text,
                       (e.topic if e and e.topic else "khac"), place.ward_code if place else None,
                       place.ward if place else None, post.published_at or post.collected_at,
                       (post.likes or 0) + (post.replies or 0), e.sentiment if e else None, post.demo,
                       place.street if place else None)


def item_from_request(request: Any, *, ward_code: str | None = None, ward: str | None = None,
                      street: str | None = None) -> ClusterItem:
    """An Open311 service request (model or mapping with its fields)."""
    from triage.cases import request_fields

    r = request_fields(request)
    return ClusterItem(f"{REQUEST_PREFIX}{r['service_request_id']}", Channel.request, r.get("description") or "",
                       r["service_code"], ward_code, ward, r["requested_datetime"], 0, None, bool(r.get("demo", False)),
                       street)


def incident_id(first_member: str) -> str:
    return "inc-" + hashlib.sha1(first_member.encode()).hexdigest()[:16]


def _vectorizer():
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), n_features=2**20, alternate_sign=False,
                             norm="l2", lowercase=True, dtype="float32")


def cluster(items: Iterable[ClusterItem], existing: Iterable[Incident], settings: Settings) -> list[Incident]:
    """Incidents after adding ``items`` to ``existing`` open ones; returns those created or changed."""
    blocks: dict[tuple[str, str | None], list[ClusterItem]] = defaultdict(list)
    for item in items:
        blocks[(item.topic, item.ward_code)].append(item)
    by_block: dict[tuple[str, str | None], list[Incident]] = defaultdict(list)
    for inc in existing:
        by_block[(inc.topic, inc.ward_code)].append(inc)
    order = sorted(blocks, key=lambda k: (k[0], k[1] or ""))
    texts, spans = [], []
    for key in order:
        blocks[key].sort(key=lambda i: (i.at, i.id))
        by_block[key] = [i for i in sorted(by_block.get(key, []), key=lambda i: (i.first_seen, i.id))]
        spans.append(len(texts))
        texts += [inc.texts[0] if inc.texts else inc.title for inc in by_block[key]] + [i.text for i in blocks[key]]
    matrix = _vectorizer().transform(texts) if texts else None   # one pass over every text
    changed: dict[str, Incident] = {}
    for key, offset in zip(order, spans, strict=True):
        rows = _compact(matrix[offset:offset + len(by_block[key]) + len(blocks[key])])
        for inc in _cluster_block(blocks[key], by_block[key], rows, settings):
            changed[inc.id] = inc
    return list(changed.values())


def _compact(rows: Any) -> Any:
    """The same rows over only the columns they use (products of 2**20-column matrices are slow)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    columns, inverse = np.unique(rows.indices, return_inverse=True)
    return csr_matrix((rows.data, inverse.ravel(), rows.indptr), shape=(rows.shape[0], max(1, len(columns))))


def _cluster_block(items: list[ClusterItem], existing: list[Incident], rows: Any, settings: Settings) -> list[Incident]:
    """Greedy leader clustering in time order. ``rows``: the existing incidents' leader vectors,
    then the items'. Similarities are computed a chunk of items at a time against every leader
    known before the chunk (one sparse product) and within the chunk (dense)."""
    known = {m for inc in existing for m in inc.member_ids}
    keep = [n for n, i in enumerate(items) if i.id not in known]
    if not keep:
        return []
    incidents = list(existing)
    leaders = list(range(len(existing)))          # row of each incident's leader in ``rows``
    items = [items[n] for n in keep]
    item_rows = [len(existing) + n for n in keep]
    window = timedelta(hours=settings.incident_window_hours)
    touched: set[int] = set()
    for start in range(0, len(items), _BATCH):
        chunk_rows = item_rows[start:start + _BATCH]
        chunk = rows[chunk_rows]
        to_leaders = (chunk @ rows[leaders].T).toarray() if leaders else None
        within = (chunk @ chunk.T).toarray()
        new_leaders: list[int] = []   # offsets in the chunk of items that started an incident
        for offset, item in enumerate(items[start:start + _BATCH]):
            scores = list(to_leaders[offset]) if to_leaders is not None else []
            scores += [within[offset, row] for row in new_leaders]
            best = _best(scores, incidents, item, window, settings.incident_similarity)
            if best is None:
                incidents.append(_new_incident(item))
                new_leaders.append(offset)
                best = len(incidents) - 1
            else:
                incidents[best] = _join(incidents[best], item)
            touched.add(best)
        leaders += [chunk_rows[row] for row in new_leaders]
    return [incidents[i] for i in sorted(touched)]


def _best(scores: list[float], incidents: list[Incident], item: ClusterItem, window: timedelta,
          threshold: float) -> int | None:
    best, best_score = None, threshold
    for index, score in enumerate(scores):
        inc = incidents[index]
        if score >= best_score and item.at - inc.last_seen <= window and inc.status == "open" \
                and not (item.street and inc.street and _street_key(item.street) != _street_key(inc.street)):
            best, best_score = index, score
    return best


def _street_key(street: str) -> str:
    from core.folding import fold

    return fold(street).removeprefix("duong ").strip()


def _new_incident(item: ClusterItem) -> Incident:
    return Incident(id=incident_id(item.id), topic=item.topic, ward_code=item.ward_code, ward=item.ward, street=item.street,
                    title=item.text[:300], count=1, reach=item.reach, channels=[item.channel], first_seen=item.at,
                    last_seen=item.at, member_ids=[item.id], sentiment_trend=_trend([], item), texts=[item.text[:1000]],
                    demo=item.demo)


def _join(inc: Incident, item: ClusterItem) -> Incident:
    return inc.model_copy(update={
        "count": inc.count + 1, "reach": inc.reach + item.reach,
        "channels": sorted(set(inc.channels) | {item.channel}),
        "first_seen": min(inc.first_seen, item.at), "last_seen": max(inc.last_seen, item.at),
        "member_ids": [*inc.member_ids, item.id], "sentiment_trend": _trend(inc.sentiment_trend, item),
        "texts": inc.texts if len(inc.texts) >= _KEEP_TEXTS else [*inc.texts, item.text[:1000]],
        "street": inc.street or item.street,
        "demo": inc.demo and item.demo})


def _trend(trend: list[SentimentPoint], item: ClusterItem) -> list[SentimentPoint]:
    if item.sentiment not in ("negative", "neutral", "positive"):
        return trend
    day = item.at.astimezone(TZ).date().isoformat()
    points = {p.day: p.model_copy() for p in trend}
    point = points.setdefault(day, SentimentPoint(day=day))
    setattr(point, item.sentiment, getattr(point, item.sentiment) + 1)
    return [points[d] for d in sorted(points)]


def update_incidents(client: Elasticsearch, settings: Settings, items: list[ClusterItem]) -> dict[str, int]:
    """Incremental clustering into the index: new items join open incidents or start new ones."""
    if not items:
        return {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
    since = min(i.at for i in items) - timedelta(hours=settings.incident_window_hours)
    existing = open_incidents(client, settings, since=since, topics={i.topic for i in items})
    return write_incidents(client, settings, _with_cases(client, settings, cluster(items, existing, settings)))


def _with_cases(client: Elasticsearch, settings: Settings, incidents: list[Incident]) -> list[Incident]:
    """An incident without a case takes the case of a member request (its master when merged)."""
    from store.cases import linked_case_ids

    keys = sorted({m for inc in incidents if not inc.case_id for m in inc.member_ids if m.startswith(REQUEST_PREFIX)})
    cases = linked_case_ids(client, settings, keys)
    return [inc if inc.case_id else inc.model_copy(update={"case_id": next(
        (cases[m] for m in inc.member_ids if m in cases), None)}) for inc in incidents]


@dataclass(frozen=True)
class SystemicSignal:
    """One category rising across many wards: raised to the department that owns it."""

    topic: str
    department: str
    wards: list[str]
    items_now: int
    items_before: int


def systemic_signals(client: Elasticsearch, settings: Settings, *, now: datetime) -> list[SystemicSignal]:
    """Topics whose item count rose (vs the previous window) in at least ``systemic_min_wards`` wards."""
    window = timedelta(days=settings.systemic_window_days)
    counts = {name: _ward_counts(client, settings, start, end)
              for name, (start, end) in {"now": (now - window, now), "before": (now - 2 * window, now - window)}.items()}
    owners = load_routing(settings.routing_file, settings.units_file).owners
    signals = []
    for topic, wards in sorted(counts["now"].items()):
        before = counts["before"].get(topic, {})
        rising = sorted(w for w, n in wards.items() if n >= 2 and n > before.get(w, 0))
        if len(rising) >= settings.systemic_min_wards:
            signals.append(SystemicSignal(topic, owners.get(topic, load_routing(settings.routing_file,
                                                                               settings.units_file).fallback.unit),
                                          rising, sum(wards[w] for w in rising), sum(before.get(w, 0) for w in rising)))
    return signals


def _ward_counts(client: Elasticsearch, settings: Settings, start: datetime, end: datetime) -> dict[str, dict[str, int]]:
    response = client.search(index=settings.index_alias("incidents"), size=0, query={"bool": {"filter": [
        {"range": {"first_seen": {"gte": start.isoformat(), "lt": end.isoformat()}}},
        {"exists": {"field": "ward_code"}}]}}, aggs={"topic": {"terms": {"field": "topic", "size": 100}, "aggs": {
            "ward": {"terms": {"field": "ward_code", "size": 500}, "aggs": {"items": {"sum": {"field": "count"}}}}}}})
    return {t["key"]: {w["key"]: int(w["items"]["value"]) for w in t["ward"]["buckets"]}
            for t in response["aggregations"]["topic"]["buckets"]}
