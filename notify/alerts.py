"""Alerts: each rule is checked over the window ending at a given time (the DAG run's data
interval end, never the wall clock), against a threshold and against a baseline taken from the
same hour of the week in the previous weeks, so a busy Monday morning is not a spike.

An alert is stored before it is delivered, under an id made of the rule and the window end: a
re-run of the same interval finds it and sends nothing twice. After a rule fires it stays quiet
for its cool-down. A delivery that fails is kept as failed on the alert and retried by the next
run (``retry_failed_deliveries``); a run whose deliveries all failed raises, so the task fails
loudly instead of quietly.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from elasticsearch import Elasticsearch

from core.errors import LangNgheError
from core.notify_schema import AlertEvent, AlertRule, Delivery
from core.settings import Settings
from notify.mailer import MailFailed, build_message, send
from notify.webhook import WebhookFailed, post_json
from store import notify as store

WEEK = timedelta(days=7)


class AlertDeliveryFailed(LangNgheError):
    pass


@dataclass(frozen=True)
class Check:
    rule_id: str
    window_start: datetime
    window_end: datetime
    count: int
    baseline: float
    reason: str | None  # "threshold", "spike" or None (no alert)


def check_rule(client: Elasticsearch, settings: Settings, rule: AlertRule, at: datetime) -> Check:
    """Count the rule's posts in the window ending at ``at`` and compare with its baseline."""
    if at.tzinfo is None:
        raise ValueError("`at` must carry a time zone")
    posts = settings.index_alias("posts")
    end = at
    start = end - timedelta(minutes=rule.window_minutes)
    count = store.count_matching(client, posts, rule.query, rule.ward_code, rule.topic, start, end)
    weeks = [store.count_matching(client, posts, rule.query, rule.ward_code, rule.topic, start - k * WEEK, end - k * WEEK)
             for k in range(1, settings.alert_baseline_weeks + 1)]
    baseline = sum(weeks) / len(weeks) if weeks else 0.0
    reason = None
    if rule.threshold is not None and count >= rule.threshold:
        reason = "threshold"
    elif rule.spike_factor is not None and count >= rule.min_count and count >= rule.spike_factor * max(baseline, 1.0):
        reason = "spike"
    return Check(rule.id, start, end, count, round(baseline, 2), reason)


def dashboard_link(settings: Settings, rule: AlertRule, start: datetime, end: datetime) -> str:
    params = {k: v for k, v in (("q", rule.query), ("ward", rule.ward_code), ("topic", rule.topic),
                                ("since", start.isoformat()), ("until", end.isoformat())) if v}
    return f"{settings.dashboard_url.rstrip('/')}/explore?{urlencode(params)}"


def _event(client: Elasticsearch, settings: Settings, rule: AlertRule, check: Check, fired_at: datetime) -> AlertEvent:
    sample = store.sample_matching(client, settings.index_alias("posts"), rule.query, rule.ward_code, rule.topic,
                                   check.window_start, check.window_end)
    return AlertEvent(
        id=f"{rule.id}:{check.window_end.strftime('%Y%m%dT%H%M%z')}", rule_id=rule.id, rule_name=rule.name,
        window_start=check.window_start, window_end=check.window_end, count=check.count, baseline=check.baseline,
        reason=check.reason or "", fired_at=fired_at, link=dashboard_link(settings, rule, check.window_start, check.window_end),
        sample=[doc["id"] for doc in sample])


def _subject(event: AlertEvent) -> str:
    what = "vượt ngưỡng" if event.reason == "threshold" else "tăng đột biến"
    return f"[Lắng Nghe] Cảnh báo: {event.rule_name} — {event.count} bài ({what})"


def _body(event: AlertEvent, rule: AlertRule) -> str:
    return "\n".join([
        f"{event.rule_name}: {event.count} bài trong {rule.window_minutes} phút "
        f"(mức nền cùng giờ các tuần trước: {event.baseline:g}).",
        f"{event.rule_name}: {event.count} posts in {rule.window_minutes} minutes "
        f"(baseline at this hour of the week: {event.baseline:g}).",
        f"Cửa sổ / window: {event.window_start.isoformat()} – {event.window_end.isoformat()}",
        f"Xem trên bảng điều khiển / open in the dashboard: {event.link}",
    ])


def _deliver(settings: Settings, event: AlertEvent, rule: AlertRule, recipients: list[str],
             only: set[tuple[str, str]] | None = None) -> list[Delivery]:
    deliveries = []
    for address in recipients:
        if only is not None and ("email", address) not in only:
            continue
        try:
            send(settings, build_message(settings, [address], _subject(event), _body(event, rule)))
            deliveries.append(Delivery(channel="email", target=address, ok=True))
        except MailFailed as exc:
            deliveries.append(Delivery(channel="email", target=address, ok=False, error=exc.message[:500]))
    payload = {"text": f"{_subject(event)}\n{event.link}", "alert": event.model_dump(mode="json", exclude={"deliveries"})}
    for url in rule.webhooks:
        if only is not None and ("webhook", url) not in only:
            continue
        try:
            post_json(url, payload, settings.user_agent)
            deliveries.append(Delivery(channel="webhook", target=url, ok=True))
        except WebhookFailed as exc:
            deliveries.append(Delivery(channel="webhook", target=url, ok=False, error=exc.message[:500]))
    return deliveries


def _recipients(client: Elasticsearch, settings: Settings, rule: AlertRule) -> list[str]:
    emails = list(rule.emails)
    if rule.ward_code:
        emails += [s.email for s in store.subscribers(client, settings, f"ward:{rule.ward_code}", kind="alerts")]
    return sorted(set(emails))


def run_alerts(client: Elasticsearch, settings: Settings, at: datetime, fired_at: datetime | None = None) -> list[AlertEvent]:
    """Check every enabled rule at ``at``; store and deliver the new alerts; return them."""
    store.ensure_notify_indices(client, settings)
    fired: list[AlertEvent] = []
    for rule in store.list_rules(client, settings, enabled_only=True):
        check = check_rule(client, settings, rule, at)
        if check.reason is None:
            continue
        previous = store.last_alert(client, settings, rule.id, before=at)
        if previous and previous.window_end != at and at - previous.window_end < timedelta(minutes=settings.alert_cooldown_minutes):
            continue  # cooling down
        event = _event(client, settings, rule, check, fired_at or at)
        if not store.record_alert(client, settings, event):
            continue  # this window already fired: never twice
        event.deliveries = _deliver(settings, event, rule, _recipients(client, settings, rule))
        store.update_alert(client, settings, event)
        fired.append(event)
    failed = [d for e in fired for d in e.deliveries if not d.ok]
    if failed and len(failed) == sum(len(e.deliveries) for e in fired):
        raise AlertDeliveryFailed(f"{len(fired)} alert(s) fired but none could be delivered: {failed[0].error}",
                                  hint="They are stored; the next run retries them. Check SMTP and webhook settings.")
    return fired


def retry_failed_deliveries(client: Elasticsearch, settings: Settings, at: datetime,
                            within: timedelta = timedelta(days=1)) -> int:
    """Deliver again what failed for alerts fired in the last day; returns deliveries now made."""
    store.ensure_notify_indices(client, settings)
    rules = {rule.id: rule for rule in store.list_rules(client, settings)}
    made = 0
    for event in store.undelivered_alerts(client, settings, since=at - within):
        rule = rules.get(event.rule_id)
        if rule is None:
            continue
        pending = {(d.channel, d.target) for d in event.deliveries if not d.ok}
        retried = _deliver(settings, event, rule, [t for c, t in pending if c == "email"], only=pending)
        kept = [d for d in event.deliveries if d.ok]
        event.deliveries = kept + retried
        made += sum(d.ok for d in retried)
        store.update_alert(client, settings, event)
    return made
