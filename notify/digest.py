"""Daily digests: one per recipient group — each role, each responsible unit and each of the
city's wards (a ward sees only its own items) — built from the same queries as the dashboard.

A day's digest covers the 24 hours up to ``digest_hour`` (07:00 Asia/Ho_Chi_Minh) of that day:
what was collected in them.
It is archived in ``<prefix>-digests`` (readable in the dashboard), written to files by
`langnghe digest --date D --out DIR`, and sent by e-mail to the group's subscribers: an HTML
part with inline chart images and a plain-text part. A recipient already in the archive's
``sent_to`` is never sent the same digest again.
"""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from elasticsearch import Elasticsearch

from core.notify_schema import AlertEvent, DigestRecord
from core.settings import ROOT, Settings
from notify import charts
from notify.mailer import build_message, send
from notify.summarize import summarize
from store import notify as notify_store
from store import queries
from store.queries import Hit
from store.setup import ensure_posts_index

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
TEMPLATES = Path(__file__).parent / "templates"
UNSUBSCRIBE_MARK = "__UNSUBSCRIBE_URL__"
# "New" means new to us: collected in the period (a comment thread crawled today may hold posts
# published earlier; each is counted once, on the day it was first collected).
NEW_BY = "collected_at"
ROLE_GROUPS = {"communications": "Truyền thông", "officer": "Cán bộ tiếp nhận", "supervisor": "Lãnh đạo / giám sát"}


@dataclass(frozen=True)
class Group:
    """Who a digest is for, and what it is limited to."""

    key: str
    label: str
    ward_code: str | None = None
    unit: str | None = None
    role: str | None = None

    @property
    def sees_cases(self) -> bool:
        return self.role != "communications"


@dataclass
class Digest:
    group: Group
    day: date
    start: datetime
    end: datetime
    new_count: int = 0
    previous_count: int = 0
    topics: dict[str, int] = field(default_factory=dict)
    sentiment: dict[str, int] = field(default_factory=dict)
    previous_sentiment: dict[str, int] = field(default_factory=dict)
    days: list[dict[str, Any]] = field(default_factory=list)
    top_posts: list[Hit] = field(default_factory=list)
    spikes: list[AlertEvent] = field(default_factory=list)
    incidents: list[dict[str, Any]] = field(default_factory=list)
    cases_due: list[dict[str, Any]] = field(default_factory=list)
    cases_overdue: list[dict[str, Any]] = field(default_factory=list)

    @property
    def negative_share(self) -> float | None:
        return _share(self.sentiment, "negative")

    @property
    def previous_negative_share(self) -> float | None:
        return _share(self.previous_sentiment, "negative")

    @property
    def negative_change(self) -> float | None:
        if self.negative_share is None or self.previous_negative_share is None:
            return None
        return round(self.negative_share - self.previous_negative_share, 3)

    def counts(self) -> dict[str, int]:
        return {"new": self.new_count, "previous_week": self.previous_count, "incidents": len(self.incidents),
                "spikes": len(self.spikes), "cases_due": len(self.cases_due), "cases_overdue": len(self.cases_overdue)}


def _share(counts: dict[str, int], key: str) -> float | None:
    judged = sum(v for k, v in counts.items() if k != "unknown")
    return round(counts.get(key, 0) / judged, 3) if judged else None


def period(day: date, settings: Settings) -> tuple[datetime, datetime]:
    """The 24 hours a day's digest covers: up to ``digest_hour`` of that day, Asia/Ho_Chi_Minh."""
    end = datetime.combine(day, time(settings.digest_hour), tzinfo=LOCAL)
    return end - timedelta(days=1), end


def digest_groups(settings: Settings, wards: Iterable[tuple[str, str]] | None = None,
                  units: Iterable[tuple[str, str]] | None = None) -> list[Group]:
    """Every role, every unit and every ward. ``wards``/``units`` are (code, name) pairs; by
    default the city's 168 wards (``nlp.places``) and the units of the routing configuration."""
    groups = [Group(f"role:{role}", label, role=role) for role, label in ROLE_GROUPS.items()]
    for code, name in (units if units is not None else _default_units()):
        groups.append(Group(f"unit:{code}", name, unit=code))
    for code, name in (wards if wards is not None else _default_wards()):
        groups.append(Group(f"ward:{code}", name, ward_code=code))
    return groups


def _default_wards() -> list[tuple[str, str]]:
    from nlp.places import wards

    return [(ward.code, ward.name) for ward in wards()]


def _default_units() -> list[tuple[str, str]]:
    from triage.config import load_units

    return [(unit.id, unit.name) for unit in load_units(ROOT / "config" / "units.yaml").units]


@lru_cache(maxsize=1)
def _topic_names() -> dict[str, str]:
    from nlp.taxonomy import taxonomy

    return {topic.key: topic.name_vi for topic in taxonomy().topics}


CaseSource = Callable[[Group, datetime, datetime], tuple[list[dict[str, Any]], list[dict[str, Any]]]]
IncidentSource = Callable[[Group, datetime, datetime], list[dict[str, Any]]]


def gather(client: Elasticsearch, settings: Settings, group: Group, day: date, *,
           cases: CaseSource | None = None, incidents: IncidentSource | None = None) -> Digest:
    """Everything one group's digest says about ``day``."""
    start, end = period(day, settings)
    alias = settings.index_alias("posts")
    ward = group.ward_code
    week_ago = (start - timedelta(days=7), end - timedelta(days=7))
    digest = Digest(group, day, start, end)
    new = {"ward_code": ward, "time_field": NEW_BY}
    digest.new_count = queries.count_posts_between(client, alias, start, end, **new)
    digest.previous_count = queries.count_posts_between(client, alias, *week_ago, **new)
    digest.topics = queries.topic_breakdown(client, alias, since=start, until=end, **new)
    digest.sentiment = queries.sentiment_breakdown(client, alias, since=start, until=end, **new)
    digest.previous_sentiment = queries.sentiment_breakdown(client, alias, since=week_ago[0], until=week_ago[1], **new)
    digest.days = queries.daily_sentiment(client, alias, end - timedelta(days=7), end, **new)
    digest.top_posts = queries.top_posts(client, alias, start, end, **new)
    rule_ids = None
    if ward:
        rule_ids = [r.id for r in notify_store.list_rules(client, settings) if r.ward_code == ward]
    digest.spikes = notify_store.alerts_between(client, settings, start, end, rule_ids=rule_ids, size=10)
    if incidents is not None:
        digest.incidents = incidents(group, start, end)
        for incident in digest.incidents:
            incident.setdefault("summary", summarize(incident.get("texts", [])))
    if cases is not None and group.sees_cases:
        digest.cases_due, digest.cases_overdue = cases(group, start, end)
    return digest


def _environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape(["html.j2"]),
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["local"] = lambda value: _local(value)
    env.filters["pct"] = lambda value: "—" if value is None else f"{value * 100:.0f}%"
    env.filters["signed_pct"] = lambda value: "—" if value is None else f"{value * 100:+.0f} điểm %"
    return env


def _local(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(LOCAL).strftime("%H:%M %d/%m/%Y")


@dataclass
class Rendered:
    subject: str
    html: str
    text: str
    images: dict[str, bytes]


def render(digest: Digest, settings: Settings, with_images: bool = True) -> Rendered:
    names = _topic_names()
    env = _environment()
    topics = sorted(((names.get(k, k), v) for k, v in digest.topics.items()), key=lambda kv: -kv[1])
    subject = f"[Lắng Nghe] Bản tin {digest.day:%d/%m/%Y} — {digest.group.label}: {digest.new_count} bài mới"
    if digest.cases_overdue:
        subject += f", {len(digest.cases_overdue)} hồ sơ quá hạn"
    link = f"{settings.dashboard_url.rstrip('/')}/explore?" + urlencode(
        {k: v for k, v in (("ward", digest.group.ward_code), ("since", digest.start.isoformat()),
                           ("until", digest.end.isoformat())) if v})
    context = {"d": digest, "topics": topics, "link": link, "dashboard": settings.dashboard_url.rstrip("/"),
               "unsubscribe": UNSUBSCRIBE_MARK, "sentiment_names": charts.SENTIMENT_NAMES, "topic_names": names}
    images: dict[str, bytes] = {}
    if with_images and digest.topics:
        images["topics"] = charts.png(charts.topics_chart(digest.topics, names))
    if with_images and digest.days:
        images["sentiment"] = charts.png(charts.sentiment_days_chart(digest.days))
    context["images"] = images
    html = env.get_template("digest.html.j2").render(**context)
    text = env.get_template("digest.txt.j2").render(**context)
    return Rendered(subject, html, text, images)


def unsubscribe_url(settings: Settings, email: str) -> str:
    return f"{settings.dashboard_url.rstrip('/')}/unsubscribe?" + urlencode(
        {"email": email, "token": unsubscribe_token(settings, email)})


def unsubscribe_token(settings: Settings, email: str) -> str:
    return hmac.new(settings.unsubscribe_secret.encode(), email.lower().encode(), hashlib.sha256).hexdigest()[:32]


def check_unsubscribe_token(settings: Settings, email: str, token: str) -> bool:
    return hmac.compare_digest(unsubscribe_token(settings, email), token)


@dataclass
class DayReport:
    day: date
    digests: int = 0
    sent: int = 0
    skipped_already_sent: int = 0
    failed: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def build_day(client: Elasticsearch, settings: Settings, day: date, *, groups: list[Group] | None = None,
              out: Path | None = None, send_mail: bool = False, built_at: datetime | None = None,
              cases: CaseSource | None = None, incidents: IncidentSource | None = None,
              workers: int = 4) -> DayReport:
    """Build every group's digest of ``day``: archive it, write it under ``out`` (one .html and
    one .txt per group) and, with ``send_mail``, send it to the group's subscribers once."""
    ensure_posts_index(client, settings)
    notify_store.ensure_notify_indices(client, settings)
    groups = groups if groups is not None else digest_groups(settings)
    report = DayReport(day)

    def one(group: Group) -> tuple[Group, Rendered, DigestRecord]:
        digest = gather(client, settings, group, day, cases=cases, incidents=incidents)
        rendered = render(digest, settings)
        record_id = f"{day.isoformat()}:{group.key}"
        previous = notify_store.get_digest(client, settings, record_id)
        record = DigestRecord(id=record_id, day=day.isoformat(), group=group.key, subject=rendered.subject,
                              html=_inline_images(rendered).replace(UNSUBSCRIBE_MARK, "#"),
                              text=rendered.text.replace(UNSUBSCRIBE_MARK, "#"),
                              counts=digest.counts(), built_at=built_at or digest.end,
                              sent_to=previous.sent_to if previous else [], sent_at=previous.sent_at if previous else None)
        return group, rendered, record

    # Threads overlap the Elasticsearch round trips of several groups; results keep group order.
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for group, rendered, record in pool.map(one, groups):
            if out is not None:
                report.files += _write_files(out, group, rendered)
            if send_mail:
                _send_group(client, settings, group, rendered, record, report)
            notify_store.archive_digest(client, settings, record)
            report.digests += 1
    client.indices.refresh(index=settings.index_alias("digests"))
    return report


def _inline_images(rendered: Rendered) -> str:
    """The HTML with its charts as data: URIs, for the archive the dashboard shows (no cid: there)."""
    import base64

    html = rendered.html
    for cid, png in rendered.images.items():
        html = html.replace(f"cid:{cid}", "data:image/png;base64," + base64.b64encode(png).decode("ascii"))
    return html


def _write_files(out: Path, group: Group, rendered: Rendered) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    stem = group.key.replace(":", "-")
    html = rendered.html.replace(UNSUBSCRIBE_MARK, "#")
    for cid in rendered.images:  # files carry their charts beside them
        (out / f"{stem}-{cid}.png").write_bytes(rendered.images[cid])
        html = html.replace(f"cid:{cid}", f"{stem}-{cid}.png")
    (out / f"{stem}.html").write_text(html, encoding="utf-8")
    (out / f"{stem}.txt").write_text(rendered.text.replace(UNSUBSCRIBE_MARK, "(không áp dụng)"), encoding="utf-8")
    return [out / f"{stem}.html", out / f"{stem}.txt"]


def _send_group(client: Elasticsearch, settings: Settings, group: Group, rendered: Rendered, record: DigestRecord,
                report: DayReport) -> None:
    from notify.mailer import MailFailed

    for subscriber in notify_store.subscribers(client, settings, group.key, kind="digest"):
        if subscriber.email in record.sent_to:
            report.skipped_already_sent += 1
            continue
        url = unsubscribe_url(settings, subscriber.email)
        message = build_message(settings, [subscriber.email], rendered.subject,
                                rendered.text.replace(UNSUBSCRIBE_MARK, url),
                                rendered.html.replace(UNSUBSCRIBE_MARK, url), rendered.images,
                                headers={"List-Unsubscribe": f"<{url}>"})
        try:
            send(settings, message)
        except MailFailed as exc:
            report.failed.append(f"{group.key} → {subscriber.email}: {exc.message}")
            continue
        record.sent_to.append(subscriber.email)
        record.sent_at = record.built_at
        notify_store.archive_digest(client, settings, record)  # who has it, before the next send
        report.sent += 1
