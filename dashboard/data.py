"""The dashboard's cached read layer: thin wrappers around ``store.queries``.

Each wrapper takes the read target (endpoint, alias) as plain strings so the cache key
changes with the settings, returns plain data or DataFrames, and turns transport errors
into ``LangNgheError`` for the page's error boundary. Errors are never cached.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
import streamlit as st
from elasticsearch import ApiError, Elasticsearch, NotFoundError
from elasticsearch import exceptions as es_exceptions

from core.errors import ElasticsearchUnavailable, LangNgheError
from core.settings import get_settings
from dashboard.labels import SENTIMENTS, TIME_ZONE
from store import queries
from store.client import check_available, make_client
from store.queries import Interval, SearchResult

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
    for cached in (totals, has_demo, volume, search):
        cached.clear()
