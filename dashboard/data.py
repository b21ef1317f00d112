"""The dashboard's cached read layer: thin wrappers around ``store.queries``.

Each wrapper takes the read target (endpoint, alias) as plain strings so the cache key
changes with the settings, returns plain data or DataFrames, and turns transport errors
into ``LangNgheError`` for the page's error boundary. Errors are never cached.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import pandas as pd
import streamlit as st
from elasticsearch import ApiError, Elasticsearch, NotFoundError
from elasticsearch import exceptions as es_exceptions

from core.case_schema import AuditEvent
from core.errors import ElasticsearchUnavailable, LangNgheError
from core.notify_schema import AlertEvent, AlertRule, DigestRecord, Subscription
from core.settings import get_settings
from core.source_run import SourceRun
from dashboard.labels import SENTIMENTS, TIME_ZONE
from store import queries
from store.audit import AuditPage
from store.client import check_available, make_client
from store.incidents import IncidentPage
from store.queries import Interval, PostFilter, SearchResult
from store.saved_searches import SavedSearch

TTL = 60


class Target(NamedTuple):
    endpoint: str
    alias: str


@dataclass(frozen=True)
class Totals:
    documents: int
    by_kind: dict[str, int]
    by_sentiment: dict[str, int]

    @property
    def negative_share(self) -> float | None:
        """Share of negative among classified documents; None when nothing is classified."""
        classified = sum(n for label, n in self.by_sentiment.items() if label != "unknown")
        return self.by_sentiment.get("negative", 0) / classified if classified else None


def target() -> Target:
    settings = get_settings()
    return Target(settings.es_endpoint, settings.index_alias("posts"))


@st.cache_resource(show_spinner=False)
def client(endpoint: str) -> Elasticsearch:
    return make_client(get_settings())


@contextmanager
def _reading(t: Target) -> Iterator[Elasticsearch]:
    try:
        yield client(t.endpoint)
    except (es_exceptions.ConnectionError, es_exceptions.ConnectionTimeout) as exc:
        raise ElasticsearchUnavailable(f"Elasticsearch is not reachable at {t.endpoint}.") from exc
    except NotFoundError as exc:
        raise LangNgheError(f"The index {t.alias} does not exist.",
                            "Fill it with `langnghe pipeline run`.") from exc
    except ApiError as exc:
        raise LangNgheError(f"Elasticsearch refused a read of {t.alias}: {exc.message}.",
                            "Check the Elasticsearch log; reloading the page retries.") from exc


@st.cache_data(ttl=TTL, show_spinner=False)
def totals(t: Target, query: str | None = None) -> Totals:
    """Counts for the KPIs; a missing index reads as empty (nothing collected yet)."""
    with _reading(t) as es:
        check_available(es)
        try:
            documents = queries.count_posts(es, t.alias, query)
        except NotFoundError:
            return Totals(0, {}, {})
        return Totals(documents, queries.kind_breakdown(es, t.alias, query),
                      queries.sentiment_breakdown(es, t.alias, query))


@st.cache_data(ttl=TTL, show_spinner=False)
def has_demo(t: Target) -> bool:
    with _reading(t) as es:
        return queries.has_demo_data(es, t.alias)


@st.cache_data(ttl=TTL, show_spinner=False)
def volume(t: Target, interval: Interval = "day", query: str | None = None) -> pd.DataFrame:
    """Columns ``time`` (wall-clock time in Asia/Ho_Chi_Minh, tz-naive), ``kind``, ``count``."""
    with _reading(t) as es:
        rows = queries.volume_over_time(es, t.alias, interval, query)
    return volume_frame(rows)


@st.cache_data(ttl=TTL, show_spinner=False)
def search(t: Target, query: str | None, sentiment: str | None, page: int, page_size: int) -> SearchResult:
    with _reading(t) as es:
        return queries.search_posts(es, t.alias, query, size=page_size, offset=(page - 1) * page_size,
                                    sentiment=sentiment)


def volume_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["time", "kind", "count"])
    times = pd.to_datetime(frame["time"], utc=True, format="ISO8601")
    frame["time"] = times.dt.tz_convert(TIME_ZONE).dt.tz_localize(None)
    return frame.astype({"count": "int64"})


def sentiment_frame(by_sentiment: dict[str, int]) -> pd.DataFrame:
    """One row per label in the fixed order (zeros kept, so bars never shift; 'unknown' only if any)."""
    labels = [s for s in SENTIMENTS if s != "unknown" or by_sentiment.get(s)]
    return pd.DataFrame({"sentiment": labels, "count": [by_sentiment.get(s, 0) for s in labels]},
                        ).astype({"count": "int64"})


def refresh() -> None:
    """Forget cached reads (after a pipeline run, say)."""
    st.cache_data.clear()


# --- Explore and the overview's breakdowns -------------------------------------------------------

@st.cache_data(ttl=TTL, show_spinner=False)
def explore(t: Target, f: PostFilter, page: int, page_size: int) -> SearchResult:
    with _reading(t) as es:
        return queries.explore_posts(es, t.alias, f, size=page_size, offset=(page - 1) * page_size)


@st.cache_data(ttl=TTL, show_spinner=False)
def export_rows(t: Target, f: PostFilter, limit: int = 10_000) -> list[dict]:
    with _reading(t) as es:
        return queries.export_posts(es, t.alias, f, limit=limit)


@st.cache_data(ttl=TTL, show_spinner=False)
def breakdown(t: Target, field: str, f: PostFilter = PostFilter(), size: int = 50) -> dict[str, int]:
    with _reading(t) as es:
        return queries.terms_breakdown(es, t.alias, field, f, size=size)


@st.cache_data(ttl=TTL, show_spinner=False)
def wards_count(t: Target, f: PostFilter = PostFilter()) -> pd.DataFrame:
    """Columns ``ward_code``, ``name``, ``lat``, ``lon``, ``count``, ``negative``, ``negative_share``."""
    with _reading(t) as es:
        rows = queries.ward_breakdown(es, t.alias, f)
    names = ward_names()
    frame = pd.DataFrame(rows, columns=["ward_code", "count", "negative"])
    frame["name"] = frame["ward_code"].map(lambda c: names.get(c, (c, None, None))[0])
    frame["lat"] = frame["ward_code"].map(lambda c: names.get(c, (c, None, None))[1])
    frame["lon"] = frame["ward_code"].map(lambda c: names.get(c, (c, None, None))[2])
    frame["negative_share"] = (frame["negative"] / frame["count"]).where(frame["count"] > 0, 0.0)
    return frame


@st.cache_data(ttl=TTL, show_spinner=False)
def over_time(t: Target, field: str, f: PostFilter = PostFilter(), interval: Interval = "day") -> pd.DataFrame:
    """Columns ``time`` (Ho Chi Minh wall-clock, tz-naive), ``key``, ``count``."""
    with _reading(t) as es:
        rows = queries.breakdown_over_time(es, t.alias, field, f, interval=interval)
    frame = pd.DataFrame(rows, columns=["time", "key", "count"])
    times = pd.to_datetime(frame["time"], utc=True, format="ISO8601")
    frame["time"] = times.dt.tz_convert(TIME_ZONE).dt.tz_localize(None)
    return frame.astype({"count": "int64"})


@st.cache_data(ttl=TTL, show_spinner=False)
def posts_by_ids(t: Target, ids: tuple[str, ...]) -> list[queries.Hit]:
    with _reading(t) as es:
        return queries.posts_by_ids(es, t.alias, list(ids))


@st.cache_resource(show_spinner=False)
def ward_names() -> dict[str, tuple[str, float | None, float | None]]:
    """Ward code → (name, latitude, longitude) of the city's 168 units."""
    from nlp.places import wards

    return {w.code: (w.name, w.lat, w.lon) for w in wards()}


@st.cache_resource(show_spinner=False)
def topic_names() -> dict[str, tuple[str, str]]:
    """Topic key → (Vietnamese name, English name) from the city taxonomy."""
    from nlp.taxonomy import taxonomy

    return {topic.key: (topic.name_vi, topic.name_en) for topic in taxonomy().topics}


# --- the other indices (cases, incidents, notifications, audit, source runs) ----------------------

class Where(NamedTuple):
    """The cluster and index prefix a read goes to (part of every cache key)."""

    endpoint: str
    prefix: str


def where() -> Where:
    settings = get_settings()
    return Where(settings.es_endpoint, settings.index_prefix)


@contextmanager
def _reading_index(w: Where, name: str, empty: object) -> Iterator[tuple[Elasticsearch, list]]:
    """Like ``_reading``; a missing index reads as ``empty`` (nothing written there yet)."""
    box: list = []
    with _reading(Target(w.endpoint, f"{w.prefix}-{name}")) as es:
        try:
            yield es, box
        except NotFoundError:
            box.append(empty)


def _first(box: list, value: object) -> object:
    return box[0] if box else value


@st.cache_data(ttl=TTL, show_spinner=False)
def incidents(w: Where, topic: str | None, ward_code: str | None, since: datetime | None, min_count: int,
              page: int, page_size: int) -> IncidentPage:
    from store.incidents import list_incidents

    result = IncidentPage(0, [])
    with _reading_index(w, "incidents", result) as (es, box):
        result = list_incidents(es, get_settings(), topic=topic, ward_code=ward_code, since=since,
                                min_count=min_count, size=page_size, offset=(page - 1) * page_size)
    return _first(box, result)  # type: ignore[return-value]


@st.cache_data(ttl=TTL, show_spinner=False)
def digests(w: Where, day: str | None = None, group: str | None = None) -> list[dict]:
    from store.notify import list_digests

    rows: list[dict] = []
    with _reading_index(w, "digests", []) as (es, box):
        rows = list_digests(es, get_settings(), day=day, group=group, size=1000)
    return _first(box, rows)  # type: ignore[return-value]


@st.cache_data(ttl=TTL, show_spinner=False)
def digest(w: Where, digest_id: str) -> DigestRecord | None:
    from store.notify import get_digest

    record = None
    with _reading_index(w, "digests", None) as (es, box):
        record = get_digest(es, get_settings(), digest_id)
    return _first(box, record)  # type: ignore[return-value]


@st.cache_data(ttl=TTL, show_spinner=False)
def alert_rules(w: Where) -> list[AlertRule]:
    from store.notify import list_rules

    rules: list[AlertRule] = []
    with _reading_index(w, "alert-rules", []) as (es, box):
        rules = list_rules(es, get_settings())
    return _first(box, rules)  # type: ignore[return-value]


@st.cache_data(ttl=TTL, show_spinner=False)
def alerts_fired(w: Where, since: datetime, until: datetime) -> list[AlertEvent]:
    from store.notify import alerts_between

    events: list[AlertEvent] = []
    with _reading_index(w, "alerts", []) as (es, box):
        events = alerts_between(es, get_settings(), since, until, size=200)
    return _first(box, events)  # type: ignore[return-value]


@st.cache_data(ttl=TTL, show_spinner=False)
def subscriptions(w: Where) -> list[Subscription]:
    from store.notify import list_subscriptions

    subs: list[Subscription] = []
    with _reading_index(w, "subscriptions", []) as (es, box):
        subs = list_subscriptions(es, get_settings())
    return _first(box, subs)  # type: ignore[return-value]


@st.cache_data(ttl=TTL, show_spinner=False)
def saved_searches(w: Where, owner: str) -> list[SavedSearch]:
    from store.saved_searches import list_searches

    with _reading(Target(w.endpoint, f"{w.prefix}-saved-searches")) as es:
        return list_searches(es, get_settings(), owner)


@st.cache_data(ttl=TTL, show_spinner=False)
def source_runs(w: Where) -> dict[str, SourceRun]:
    from store.source_runs import latest_runs

    with _reading(Target(w.endpoint, f"{w.prefix}-source-runs")) as es:
        return latest_runs(es, get_settings())


def audit_events(w: Where, *, actor: str | None, action: str | None, target_id: str | None,
                 personal_data: bool | None, since: datetime | None, until: datetime | None,
                 size: int = 200) -> AuditPage:
    """Never cached: the audit log is read as it is now."""
    from store.audit import search_audit

    page = AuditPage(0, [])
    with _reading_index(w, "audit", page) as (es, box):
        page = search_audit(es, get_settings(), actor=actor, action=action, target_id=target_id,
                            personal_data=personal_data, since=since, until=until, size=size)
    return _first(box, page)  # type: ignore[return-value]


# --- writes the pages make (each through its store module), then the caches forget -------------

def writing() -> Elasticsearch:
    w = where()
    return client(w.endpoint)


def record_audit(event: AuditEvent) -> None:
    from store.audit import ensure_audit_index, record

    with _reading(Target(where().endpoint, get_settings().index_alias("audit"))) as es:
        ensure_audit_index(es, get_settings())
        record(es, get_settings(), event)


@contextmanager
def changing(name: str) -> Iterator[Elasticsearch]:
    """A write to ``<prefix>-<name>``; afterwards every cached read is dropped."""
    with _reading(Target(where().endpoint, get_settings().index_alias(name))) as es:
        yield es
    st.cache_data.clear()
