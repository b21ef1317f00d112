"""Every read of the index lives here: typed parameters in, plain data out.

The dashboard, the CLI and (later) the digests call these, so a query is written once.
Accent-insensitive search: the query is folded in Python exactly as the ``*_folded``
fields were at index time, and matched against both the original and the folded fields.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal

from elasticsearch import Elasticsearch

from core.folding import fold

Interval = Literal["hour", "day", "week", "month"]


@dataclass(frozen=True)
class Hit:
    id: str
    source: str
    url: str
    kind: str
    title: str | None
    text: str
    author: str | None
    published_at: str | None
    sentiment: str | None
    sentiment_score: float | None
    demo: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[Hit]


def text_query(query: str | None) -> dict[str, Any]:
    """Match ``query`` with or without diacritics; no query matches everything."""
    if not query or not query.strip():
        return {"match_all": {}}
    return {"bool": {"should": [
        {"simple_query_string": {"query": query, "fields": ["title^2", "text"],
                                 "default_operator": "and", "boost": 2}},
        {"simple_query_string": {"query": fold(query), "fields": ["title_folded^2", "text_folded"],
                                 "default_operator": "and"}},
    ], "minimum_should_match": 1}}


def _filtered(query: str | None, *, since: datetime | None = None, until: datetime | None = None,
              sentiment: str | None = None, source: str | None = None, ward_code: str | None = None,
              topic: str | None = None, time_field: str = "published_at") -> dict[str, Any]:
    filters: list[dict[str, Any]] = []
    if ward_code:
        filters.append({"term": {"enrichment.ward_codes": ward_code}})
    if topic:
        filters.append({"term": {"enrichment.topic": topic}})
    if since or until:
        bounds = {k: v.isoformat() for k, v in (("gte", since), ("lt", until)) if v}
        filters.append({"range": {time_field: bounds}})
    if sentiment:
        filters.append({"term": {"enrichment.sentiment": sentiment}})
    if source:
        filters.append({"term": {"source": source}})
    return {"bool": {"must": [text_query(query)], "filter": filters}}


def search_posts(client: Elasticsearch, alias: str, query: str | None = None, *, size: int = 20,
                 offset: int = 0, since: datetime | None = None, until: datetime | None = None,
                 sentiment: str | None = None, source: str | None = None) -> SearchResult:
    """Matching posts: by relevance for a query, newest first otherwise."""
    sort = None if query and query.strip() else [{"published_at": {"order": "desc", "missing": "_last"}},
                                                  {"id": "asc"}]
    response = client.search(index=alias, query=_filtered(query, since=since, until=until,
                                                           sentiment=sentiment, source=source),
                             size=size, from_=offset, sort=sort, track_total_hits=True,
                             source_excludes=["raw", "enrichment.tokens", "enrichment.normalized_text"])
    hits = [_hit(h["_source"]) for h in response["hits"]["hits"]]
    return SearchResult(total=response["hits"]["total"]["value"], hits=hits)


def volume_over_time(client: Elasticsearch, alias: str, interval: Interval = "day",
                     query: str | None = None) -> list[dict[str, Any]]:
    """Document counts per ``published_at`` bucket and kind: ``[{"time", "kind", "count"}]``."""
    response = client.search(index=alias, size=0, query=_filtered(query), aggs={
        "over_time": {"date_histogram": {"field": "published_at", "calendar_interval": interval,
                                         "time_zone": "Asia/Ho_Chi_Minh", "min_doc_count": 1},
                      "aggs": {"kind": {"terms": {"field": "kind"}}}}})
    rows = []
    for bucket in response["aggregations"]["over_time"]["buckets"]:
        for kind in bucket["kind"]["buckets"]:
            rows.append({"time": bucket["key_as_string"], "kind": kind["key"], "count": kind["doc_count"]})
    return rows


def sentiment_breakdown(client: Elasticsearch, alias: str, query: str | None = None, *, since: datetime | None = None,
                        until: datetime | None = None, ward_code: str | None = None,
                        time_field: str = "published_at") -> dict[str, int]:
    """Counts per sentiment label; documents not yet classified are counted as ``unknown``."""
    response = client.search(index=alias, size=0, query=_filtered(query, since=since, until=until, ward_code=ward_code,
                                                                  time_field=time_field), aggs={
        "sentiment": {"terms": {"field": "enrichment.sentiment", "missing": "unknown", "size": 10}}})
    return {b["key"]: b["doc_count"] for b in response["aggregations"]["sentiment"]["buckets"]}


def count_posts(client: Elasticsearch, alias: str, query: str | None = None) -> int:
    return client.count(index=alias, query=_filtered(query))["count"]


def has_demo_data(client: Elasticsearch, alias: str) -> bool:
    return client.count(index=alias, query={"term": {"demo": True}})["count"] > 0


def _hit(source: dict[str, Any]) -> Hit:
    enrichment = source.get("enrichment") or {}
    return Hit(id=source["id"], source=source["source"], url=source["url"], kind=source["kind"],
               title=source.get("title"), text=source["text"], author=source.get("author"),
               published_at=source.get("published_at"), sentiment=enrichment.get("sentiment"),
               sentiment_score=enrichment.get("sentiment_score"), demo=bool(source.get("demo")))


def kind_breakdown(client: Elasticsearch, alias: str, query: str | None = None) -> dict[str, int]:
    """Counts per kind (article/comment/post), including documents without ``published_at``."""
    response = client.search(index=alias, size=0, query=_filtered(query), aggs={
        "kind": {"terms": {"field": "kind", "size": 10}}})
    return {b["key"]: b["doc_count"] for b in response["aggregations"]["kind"]["buckets"]}


def topic_breakdown(client: Elasticsearch, alias: str, query: str | None = None, *, since: datetime | None = None,
                    until: datetime | None = None, ward_code: str | None = None,
                    time_field: str = "published_at") -> dict[str, int]:
    """Counts per topic of the city taxonomy; unclassified documents are ``unknown``."""
    response = client.search(index=alias, size=0, query=_filtered(query, since=since, until=until, ward_code=ward_code,
                                                                  time_field=time_field),
                             aggs={"topic": {"terms": {"field": "enrichment.topic", "missing": "unknown", "size": 50}}})
    return {b["key"]: b["doc_count"] for b in response["aggregations"]["topic"]["buckets"]}


def daily_sentiment(client: Elasticsearch, alias: str, since: datetime, until: datetime, *,
                    ward_code: str | None = None, time_field: str = "published_at") -> list[dict[str, Any]]:
    """Posts per day (Asia/Ho_Chi_Minh) and sentiment: ``[{"day", "sentiment", "count"}]``."""
    response = client.search(index=alias, size=0, query=_filtered(None, since=since, until=until, ward_code=ward_code,
                                                                  time_field=time_field), aggs={
        "days": {"date_histogram": {"field": time_field, "calendar_interval": "day", "time_zone": "Asia/Ho_Chi_Minh",
                                    "format": "yyyy-MM-dd", "min_doc_count": 0,
                                    "extended_bounds": {"min": _millis(since), "max": _millis(until) - 1}},
                 "aggs": {"sentiment": {"terms": {"field": "enrichment.sentiment", "missing": "unknown", "size": 5}}}}})
    return [{"day": day["key_as_string"], "sentiment": s["key"], "count": s["doc_count"]}
            for day in response["aggregations"]["days"]["buckets"] for s in day["sentiment"]["buckets"]]


def top_posts(client: Elasticsearch, alias: str, since: datetime, until: datetime, *, ward_code: str | None = None,
              size: int = 5, time_field: str = "published_at") -> list[Hit]:
    """The most discussed posts of a period: most replies and likes first, then newest."""
    response = client.search(index=alias, size=size, query=_filtered(None, since=since, until=until, ward_code=ward_code,
                                                                     time_field=time_field),
                             sort=[{"replies": {"order": "desc", "missing": "_last"}},
                                   {"likes": {"order": "desc", "missing": "_last"}},
                                   {"published_at": "desc"}, {"id": "asc"}],
                             source_excludes=["raw", "enrichment.tokens", "enrichment.normalized_text"])
    return [_hit(h["_source"]) for h in response["hits"]["hits"]]


def _millis(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def count_posts_between(client: Elasticsearch, alias: str, since: datetime, until: datetime, *,
                        ward_code: str | None = None, topic: str | None = None, time_field: str = "published_at") -> int:
    return client.count(index=alias, query=_filtered(None, since=since, until=until, ward_code=ward_code,
                                                     topic=topic, time_field=time_field))["count"]


# --- Explore and overview reads (dashboard): several values per filter, complaint and toxicity ------

@dataclass(frozen=True)
class PostFilter:
    """The filters of the Explore page; empty tuples and None mean 'any'."""

    query: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    sources: tuple[str, ...] = ()
    sentiments: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    ward_codes: tuple[str, ...] = ()
    complaint: bool | None = None
    toxicity: tuple[str, ...] = ()


EXPORT_FIELDS = ("id", "published_at", "source", "kind", "title", "text", "author", "url", "enrichment.sentiment",
                 "enrichment.topic", "enrichment.ward_codes", "enrichment.complaint", "enrichment.toxicity")


def post_filter_query(f: PostFilter) -> dict[str, Any]:
    filters: list[dict[str, Any]] = []
    for field, values in (("source", f.sources), ("enrichment.sentiment", f.sentiments),
                          ("enrichment.topic", f.topics), ("enrichment.ward_codes", f.ward_codes),
                          ("enrichment.toxicity", f.toxicity)):
        if values:
            filters.append({"terms": {field: list(values)}})
    if f.complaint is not None:
        filters.append({"term": {"enrichment.complaint": f.complaint}})
    if f.since or f.until:
        filters.append({"range": {"published_at": {k: v.isoformat() for k, v in (("gte", f.since), ("lt", f.until))
                                                   if v}}})
    return {"bool": {"must": [text_query(f.query)], "filter": filters}}


def explore_posts(client: Elasticsearch, alias: str, f: PostFilter, *, size: int = 20, offset: int = 0) -> SearchResult:
    """Posts matching every filter: by relevance for a query, newest first otherwise."""
    sort = None if f.query and f.query.strip() else [{"published_at": {"order": "desc", "missing": "_last"}},
                                                     {"id": "asc"}]
    response = client.search(index=alias, query=post_filter_query(f), size=size, from_=offset, sort=sort,
                             track_total_hits=True,
                             source_excludes=["raw", "enrichment.tokens", "enrichment.normalized_text"])
    return SearchResult(total=response["hits"]["total"]["value"],
                        hits=[_hit(h["_source"]) for h in response["hits"]["hits"]])


def export_posts(client: Elasticsearch, alias: str, f: PostFilter, *, limit: int = 10_000) -> list[dict[str, Any]]:
    """Flat rows (``EXPORT_FIELDS``) of the newest ``limit`` matching posts, for a CSV file."""
    response = client.search(index=alias, query=post_filter_query(f), size=limit, source_includes=list(EXPORT_FIELDS),
                             sort=[{"published_at": {"order": "desc", "missing": "_last"}}, {"id": "asc"}])
    rows = []
    for hit in response["hits"]["hits"]:
        source, enrichment = hit["_source"], hit["_source"].get("enrichment") or {}
        row = {k: source.get(k) for k in EXPORT_FIELDS if "." not in k}
        row |= {k.split(".", 1)[1]: enrichment.get(k.split(".", 1)[1]) for k in EXPORT_FIELDS if "." in k}
        rows.append(row)
    return rows


def terms_breakdown(client: Elasticsearch, alias: str, field: str, f: PostFilter = PostFilter(), *,
                    size: int = 50) -> dict[str, int]:
    """Counts per value of a keyword field (``source``, ``enrichment.topic``, …) among matching posts."""
    response = client.search(index=alias, size=0, query=post_filter_query(f),
                             aggs={"values": {"terms": {"field": field, "size": size}}})
    return {b["key"]: b["doc_count"] for b in response["aggregations"]["values"]["buckets"]}


def ward_breakdown(client: Elasticsearch, alias: str, f: PostFilter = PostFilter(), *,
                   size: int = 200) -> list[dict[str, Any]]:
    """Posts per ward and how many of them are negative: ``[{"ward_code", "count", "negative"}]``."""
    response = client.search(index=alias, size=0, query=post_filter_query(f), aggs={"wards": {
        "terms": {"field": "enrichment.ward_codes", "size": size},
        "aggs": {"negative": {"filter": {"term": {"enrichment.sentiment": "negative"}}}}}})
    return [{"ward_code": b["key"], "count": b["doc_count"], "negative": b["negative"]["doc_count"]}
            for b in response["aggregations"]["wards"]["buckets"]]


def breakdown_over_time(client: Elasticsearch, alias: str, field: str, f: PostFilter = PostFilter(), *,
                        interval: Interval = "day", missing: str = "unknown") -> list[dict[str, Any]]:
    """Counts per time bucket (Asia/Ho_Chi_Minh) and value of ``field``: ``[{"time", "key", "count"}]``."""
    response = client.search(index=alias, size=0, query=post_filter_query(f), aggs={"over_time": {
        "date_histogram": {"field": "published_at", "calendar_interval": interval, "time_zone": "Asia/Ho_Chi_Minh",
                           "min_doc_count": 1},
        "aggs": {"values": {"terms": {"field": field, "missing": missing, "size": 50}}}}})
    return [{"time": bucket["key_as_string"], "key": value["key"], "count": value["doc_count"]}
            for bucket in response["aggregations"]["over_time"]["buckets"] for value in bucket["values"]["buckets"]]


def posts_by_ids(client: Elasticsearch, alias: str, ids: list[str]) -> list[Hit]:
    """The posts with these ids that exist, newest first (an incident's members)."""
    if not ids:
        return []
    response = client.search(index=alias, query={"ids": {"values": ids}}, size=len(ids),
                             sort=[{"published_at": {"order": "desc", "missing": "_last"}}],
                             source_excludes=["raw", "enrichment.tokens", "enrichment.normalized_text"])
    return [_hit(h["_source"]) for h in response["hits"]["hits"]]
