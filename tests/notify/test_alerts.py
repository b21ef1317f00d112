from datetime import UTC, datetime, timedelta

import pytest

from core.notify_schema import AlertRule
from core.schema import Enrichment, Post
from notify.alerts import AlertDeliveryFailed, check_rule, retry_failed_deliveries, run_alerts
from store import notify as store
from store.setup import ensure_posts_index
from store.writer import index_posts

pytestmark = pytest.mark.integration

AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday 16:00 in Ho Chi Minh City


def _post(i: int, when: datetime, text: str, ward: str = "26734", topic: str = "ngap_nuoc") -> Post:
    return Post(source="test", canonical_id=f"{when:%Y%m%d%H%M}-{i}", url=f"https://example.vn/{when:%Y%m%d%H%M}/{i}",
                kind="comment", text=text, published_at=when, collected_at=when,
                enrichment=Enrichment(normalized_text=text, topic=topic, ward_codes=[ward]))


def _seed(es, settings, now_count: int, weekly_counts: list[int]) -> None:
    alias = ensure_posts_index(es, settings).alias
    posts = [_post(i, AT - timedelta(minutes=10 + i), "Đường ngập sâu sau mưa lớn") for i in range(now_count)]
    for week, count in enumerate(weekly_counts, start=1):
        posts += [_post(i, AT - timedelta(days=7 * week, minutes=10 + i), "Đường ngập sau mưa") for i in range(count)]
    posts.append(_post(99, AT - timedelta(minutes=5), "Kẹt xe kéo dài", topic="giao_thong"))
    report = index_posts(es, alias, posts)
    assert not report.failed


def _rule(**changes) -> AlertRule:
    values = {"id": "ngap-p-sai-gon", "name": "Ngập — Phường Sài Gòn", "query": "ngap", "ward_code": "26734",
              "topic": "ngap_nuoc", "window_minutes": 60, "spike_factor": 3.0, "min_count": 5,
              "emails": ["truc.ban@example.vn"]}
    return AlertRule(**{**values, **changes})


def test_spike_is_measured_against_the_same_hour_of_previous_weeks(es, settings):
    _seed(es, settings, now_count=12, weekly_counts=[2, 4, 3, 3])
    check = check_rule(es, settings, _rule(), AT)
    assert (check.count, check.baseline, check.reason) == (12, 3.0, "spike")
    busy_every_week = check_rule(es, settings, _rule(spike_factor=5.0), AT)
    assert busy_every_week.reason is None  # 12 < 5 × 3: a usual Monday, not a spike


def test_threshold_rule_fires_without_history(es, settings):
    _seed(es, settings, now_count=6, weekly_counts=[])
    check = check_rule(es, settings, _rule(threshold=6, spike_factor=None), AT)
    assert check.reason == "threshold"
    assert check_rule(es, settings, _rule(threshold=7, spike_factor=None), AT).reason is None


def test_alert_delivered_once_by_mail_and_webhook_then_cools_down(es, notify_settings, mail_sink, webhook):
    settings = notify_settings
    _seed(es, settings, now_count=8, weekly_counts=[1, 1, 1, 1])
    store.ensure_notify_indices(es, settings)
    store.save_rule(es, settings, _rule(webhooks=[webhook.url]))

    fired = run_alerts(es, settings, AT)
    assert [e.reason for e in fired] == ["spike"] and all(d.ok for d in fired[0].deliveries)
    [message] = mail_sink.messages()
    assert message["To"] == "truc.ban@example.vn" and "8 bài" in message["Subject"]
    body = message.get_content()
    assert "http://dash.example/explore?" in body and "ward=26734" in body
    assert webhook.received[0]["json"]["alert"]["count"] == 8

    assert run_alerts(es, settings, AT) == []  # the same interval again: nothing sent twice
    assert run_alerts(es, settings, AT + timedelta(minutes=5)) == []  # cooling down
    assert len(mail_sink.messages()) == 1 and len(webhook.received) == 1
    later = AT + timedelta(minutes=settings.alert_cooldown_minutes + 5)
    assert check_rule(es, settings, _rule(), later).reason is None  # the burst is over by then


def test_failed_delivery_fails_loudly_and_is_retried(es, notify_settings, mail_sink):
    good = notify_settings
    broken = good.model_copy(update={"smtp_port": 1})  # nothing listens there
    _seed(es, good, now_count=8, weekly_counts=[])
    store.ensure_notify_indices(es, good)
    store.save_rule(es, good, _rule())
    with pytest.raises(AlertDeliveryFailed, match="none could be delivered"):
        run_alerts(es, broken, AT)
    assert mail_sink.messages() == []
    assert retry_failed_deliveries(es, good, AT + timedelta(minutes=5)) == 1
    assert len(mail_sink.messages()) == 1
    assert retry_failed_deliveries(es, good, AT + timedelta(minutes=10)) == 0  # delivered: not again


def test_rule_validation_messages():
    with pytest.raises(ValueError, match="alert id"):
        _rule(id="Has Spaces")
    with pytest.raises(ValueError, match="http"):
        _rule(webhooks=["ftp://x"])
