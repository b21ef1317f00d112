"""`langnghe bench dashboard`: every page's reads against a generated corpus, timed per page.

A page's time is the sum of the reads it makes on one render, called through the very store
functions the pages call (``store.queries``, ``store.cases``, ``store.incidents``, ``store.notify``,
``store.audit``, ``triage.cases.view_case``), uncached (Streamlit's cache would hide them), with
filters that change from one render to the next so Elasticsearch's request cache does not answer
every one. Not a test: a measurement for ``make bench``. Nothing here imports Streamlit.
"""
from __future__ import annotations

import random
import statistics
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from elasticsearch import Elasticsearch

from core.settings import Settings

WORDS = ("ngập", "kẹt xe", "rác", "mất điện", "karaoke", "vỉa hè", "ổ gà", "cướp giật", "triều cường", "bệnh viện")
SUPERVISOR_NAME = "bench.supervisor"


def _ms(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


class Pages:
    """One render of each page: the reads it makes, in order, with this render's filters."""

    def __init__(self, client: Elasticsearch, settings: Settings, corpus, seed: int = 3) -> None:
        from nlp.places import wards
        from triage.policy import Role, User

        self.es, self.settings, self.corpus = client, settings, corpus
        self.rng = random.Random(seed)
        self.wards = [w.code for w in wards()]
        self.topics = ["giao_thong", "ngap_nuoc", "moi_truong", "trat_tu_do_thi", "dien_nuoc_vien_thong"]
        self.posts = settings.index_alias("posts")
        self.user = User(SUPERVISOR_NAME, Role.supervisor)
        self.handler = User("bench.handler", Role.unit_handler, unit=f"ubnd-{self.wards[0]}")
        self.reads: dict[str, list[float]] = {}

    def _query(self) -> str | None:
        return self.rng.choice((None, *WORDS))

    def overview(self) -> None:
        from store import queries
        from store.notify import alerts_between
        from store.queries import PostFilter

        q = self._query()
        f = PostFilter(query=q)
        read = self._read
        read("count_posts", queries.count_posts, self.es, self.posts, q)
        read("kind_breakdown", queries.kind_breakdown, self.es, self.posts, q)
        read("sentiment_breakdown", queries.sentiment_breakdown, self.es, self.posts, q)
        read("volume_over_time", queries.volume_over_time, self.es, self.posts, "day", q)
        read("sentiment_over_time", queries.breakdown_over_time, self.es, self.posts, "enrichment.sentiment", f)
        read("topic_over_time", queries.breakdown_over_time, self.es, self.posts, "enrichment.topic", f)
        read("source_breakdown", queries.terms_breakdown, self.es, self.posts, "source", f)
        read("ward_breakdown", queries.ward_breakdown, self.es, self.posts, f)
        read("alerts_between", alerts_between, self.es, self.settings, self.corpus.end - timedelta(days=7),
             self.corpus.end, size=200)
        read("search_posts", queries.search_posts, self.es, self.posts, q, size=20)

    def _read(self, label: str, call: Callable, *args, **kwargs) -> None:
        """One read of the overview, timed on its own (the page with the most reads)."""
        self.reads.setdefault(f"overview.{label}", []).append(_ms(lambda: call(*args, **kwargs)))

    def explore(self) -> None:
        from store import queries
        from store.queries import PostFilter
        from store.saved_searches import list_searches

        since = self.corpus.end - timedelta(days=self.rng.choice((7, 30, 90)))
        f = PostFilter(query=self._query(), since=since, topics=tuple(self.rng.sample(self.topics, 2)),
                       ward_codes=(self.rng.choice(self.wards),) if self.rng.random() < 0.5 else (),
                       sentiments=("negative",) if self.rng.random() < 0.3 else ())
        queries.explore_posts(self.es, self.posts, f, size=20)
        queries.terms_breakdown(self.es, self.posts, "source", size=200)
        list_searches(self.es, self.settings, SUPERVISOR_NAME)

    def incidents(self) -> None:
        from store import queries
        from store.incidents import list_incidents

        since = self.corpus.end - timedelta(days=self.rng.choice((7, 30))) if self.rng.random() < 0.6 else None
        page = list_incidents(self.es, self.settings, topic=self.rng.choice((None, *self.topics)), since=since,
                              size=10, offset=10 * self.rng.randrange(3))
        for incident in page.incidents:
            queries.posts_by_ids(self.es, self.posts, incident.member_ids[:5])

    def queue(self) -> None:
        from core.case_schema import OPEN_STATUSES
        from store.cases import QueueFilter, triage_queue
        from triage.deadlines import clock_state
        from triage.policy import case_filters

        user = self.handler if self.rng.random() < 0.3 else self.user
        choice = self.rng.randrange(5)
        f = QueueFilter(statuses=OPEN_STATUSES, topic=self.rng.choice(self.topics) if choice == 1 else None,
                        ward_code=self.rng.choice(self.wards) if choice == 2 else None,
                        due_before=self.corpus.end if choice == 3 else None,
                        text=self.rng.choice(WORDS) if choice == 4 else None)
        page = triage_queue(self.es, self.settings, f, policy_filters=case_filters(user), size=50,
                            offset=50 * self.rng.randrange(3))
        for case in page.cases:
            clock_state(self.settings, case, self.corpus.end)

    def case(self) -> None:
        from store import queries
        from store.incidents import IncidentNotFound, get_incident
        from triage.cases import view_case

        opened = view_case(self.es, self.settings, self.rng.choice(self.corpus.case_ids), user=self.user,
                           now=datetime.now(UTC))
        queries.posts_by_ids(self.es, self.posts, opened.case.linked_posts[:10])
        for incident_id in opened.case.linked_incidents:
            try:
                get_incident(self.es, self.settings, incident_id)
            except IncidentNotFound:
                pass

    def units(self) -> None:
        from notify.monthly import Month
        from store.cases import units_report
        from triage.policy import case_filters

        end = self.corpus.end - timedelta(days=31 * self.rng.randrange(3))
        month = Month(end.year, end.month)
        user = self.handler if self.rng.random() < 0.3 else self.user
        units_report(self.es, self.settings, start=month.start, end=month.end, now=min(month.end, self.corpus.end),
                     policy_filters=case_filters(user))

    def digests(self) -> None:
        from store.notify import get_digest, list_digests

        headers = list_digests(self.es, self.settings, size=1000)
        if headers:
            get_digest(self.es, self.settings, self.rng.choice(headers)["id"])

    def admin_audit(self) -> None:
        from store.audit import search_audit

        search_audit(self.es, self.settings, actor=self.rng.choice((None, SUPERVISOR_NAME)),
                     personal_data=self.rng.choice((None, True)), size=200)


PAGES = ("overview", "explore", "incidents", "queue", "case", "units", "digests", "admin_audit")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def time_pages(pages: Pages, renders: int, warmup: int = 2) -> dict[str, dict[str, float]]:
    """p50/p95 of ``renders`` renders of each page (after ``warmup`` untimed ones)."""
    out = {}
    for name in PAGES:
        render = getattr(pages, name)
        for _ in range(warmup):
            render()
        if name == "overview":
            pages.reads.clear()
        out[name] = _summary([_ms(render) for _ in range(renders)])
    return out


def _summary(times: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 0.95), 1)}


def without_request_cache(client: Elasticsearch, prefix: str) -> None:
    """Turn Elasticsearch's shard request cache off on the scratch indices and empty it, so
    every aggregation is computed afresh (the cold figure)."""
    client.indices.put_settings(index=f"{prefix}-*", settings={"index": {"requests": {"cache": {"enable": False}}}})
    client.indices.clear_cache(index=f"{prefix}-*", request=True)


def bench_dashboard(settings: Settings, *, docs: int, cases: int, renders: int = 50, threads: int = 4,
                    keep: bool = False, cold: bool = False, progress=print) -> dict:
    """Load the corpus into a scratch prefix, time every page, drop the prefix (unless ``keep``).
    With ``cold`` the pages are timed a second time with the shard request cache off."""
    try:
        from benchmarks.dashboard_corpus import load
    except ModuleNotFoundError as exc:
        from core.errors import LangNgheError

        raise LangNgheError("The benchmark corpus (benchmarks/dashboard_corpus.py) is not importable here.",
                            "Run it from the repository root: `python -m cli.main bench dashboard --json`.") from exc
    from store.client import make_client
    from store.setup import drop_prefix

    scratch = settings.model_copy(update={"index_prefix": f"bench-dash-{uuid.uuid4().hex[:8]}"})
    client = make_client(scratch).options(request_timeout=120)
    end = datetime.now(UTC).replace(microsecond=0)
    report: dict = {}
    try:
        start = time.perf_counter()
        corpus = load(client, scratch, posts=docs, cases=cases, end=end, threads=threads, progress=progress)
        report = {"docs": corpus.posts, "cases": corpus.cases, "incidents": corpus.incidents, "renders": renders,
                  "load_seconds": round(time.perf_counter() - start, 1)}
        progress(f"loaded in {report['load_seconds']:.0f} s; timing {renders} renders per page")
        pages = Pages(make_client(scratch), scratch, corpus)
        report["pages"] = time_pages(pages, renders)
        report["overview_reads"] = {k: _summary(v) for k, v in pages.reads.items()}
        if cold:
            without_request_cache(client, scratch.index_prefix)
            report["pages_cold"] = time_pages(pages, renders)
            report["overview_reads_cold"] = {k: _summary(v) for k, v in pages.reads.items()}
    finally:
        if not keep:
            drop_prefix(client, scratch.index_prefix)
    return report | {"scratch_prefix": scratch.index_prefix, "kept": keep}
