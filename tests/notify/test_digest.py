from datetime import UTC, date, datetime, timedelta

import pytest

from core.notify_schema import AlertEvent, Subscription
from core.schema import Enrichment, Post
from notify.digest import Group, build_day, check_unsubscribe_token, digest_groups, gather, period, render
from store import notify as store
from store.setup import ensure_posts_index
from store.writer import index_posts

pytestmark = pytest.mark.integration

DAY = date(2026, 11, 30)
WARD, OTHER = "26734", "26737"


def _post(i, when, text, ward, sentiment="negative", topic="ngap_nuoc", replies=None):
    return Post(source="test", canonical_id=f"{ward}-{when:%Y%m%d%H}-{i}", url=f"https://example.vn/{ward}/{when:%Y%m%d%H}/{i}",
                kind="comment", text=text, published_at=when, collected_at=when, replies=replies,
                enrichment=Enrichment(normalized_text=text, topic=topic, sentiment=sentiment, ward_codes=[ward]))


@pytest.fixture
def seeded(es, notify_settings):
    settings = notify_settings
    start, end = period(DAY, settings)
    posts = [_post(i, start + timedelta(hours=1 + i), f"Đường ngập sâu số {i}", WARD, replies=i) for i in range(5)]
    posts += [_post(9, start + timedelta(hours=3), "Kẹt xe giờ cao điểm", OTHER, sentiment="neutral", topic="giao_thong")]
    posts += [_post(i, start - timedelta(days=7) + timedelta(hours=2), "Tuần trước", WARD, sentiment="positive")
              for i in range(2)]
    assert not index_posts(es, ensure_posts_index(es, settings).alias, posts).failed
    store.ensure_notify_indices(es, settings)
    return settings


def test_period_is_the_24_hours_up_to_seven_local(settings):
    start, end = period(DAY, settings)
    assert end.astimezone(UTC) == datetime(2026, 11, 30, 0, 0, tzinfo=UTC) and end - start == timedelta(days=1)


def test_a_ward_sees_only_its_own_items(es, seeded):
    ward = gather(es, seeded, Group(f"ward:{WARD}", "Phường Sài Gòn", ward_code=WARD), DAY)
    city = gather(es, seeded, Group("role:communications", "Truyền thông", role="communications"), DAY)
    assert (ward.new_count, city.new_count) == (5, 6)
    assert ward.topics == {"ngap_nuoc": 5} and ward.previous_count == 2
    assert (ward.negative_share, ward.previous_negative_share, ward.negative_change) == (1.0, 0.0, 1.0)
    assert [p.text for p in ward.top_posts][:2] == ["Đường ngập sâu số 4", "Đường ngập sâu số 3"]  # most replies first


def test_digest_files_have_every_section(es, seeded, tmp_path):
    groups = [Group("role:officer", "Cán bộ", role="officer"), Group(f"ward:{WARD}", "Phường Sài Gòn", ward_code=WARD)]
    report = build_day(es, seeded, DAY, groups=groups, out=tmp_path / "out")
    assert report.digests == 2
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert "role-officer.html" in names and "role-officer.txt" in names and f"ward-{WARD}-topics.png" in names
    html = (tmp_path / "out" / f"ward-{WARD}.html").read_text()
    for section in ("Có gì mới", "Sự việc nổi bật", "Tăng đột biến", "Cảm xúc so với tuần trước"):
        assert section in html
    assert f"ward-{WARD}-topics.png" in html and "cid:" not in html
    text = (tmp_path / "out" / "role-officer.txt").read_text()
    assert "HỒ SƠ ĐẾN HẠN VÀ QUÁ HẠN" in text and "&" not in text.split("Mở trên")[0]
    archived = store.list_digests(es, seeded, day=DAY.isoformat())
    assert sorted(d["group"] for d in archived) == ["role:officer", f"ward:{WARD}"]
    kept = store.get_digest(es, seeded, f"{DAY.isoformat()}:ward:{WARD}").html
    assert "data:image/png;base64," in kept and "cid:" not in kept  # the dashboard shows the archived HTML


def test_communications_digest_has_no_case_section(es, seeded):
    digest = gather(es, seeded, Group("role:communications", "Truyền thông", role="communications"), DAY,
                    cases=lambda g, s, e: ([{"id": "HCM-2026-000001"}], []))
    assert digest.cases_due == []
    assert "Hồ sơ đến hạn" not in render(digest, seeded, with_images=False).html


def test_digest_is_mailed_once_with_inline_charts_and_unsubscribe(es, seeded, mail_sink):
    group = Group(f"ward:{WARD}", "Phường Sài Gòn", ward_code=WARD)
    store.save_subscription(es, seeded, Subscription(email="ubnd@example.vn", groups=[group.key]))
    store.save_subscription(es, seeded, Subscription(email="left@example.vn", groups=[group.key],
                                                     unsubscribed_at=datetime(2026, 11, 1, tzinfo=UTC)))
    first = build_day(es, seeded, DAY, groups=[group], send_mail=True)
    again = build_day(es, seeded, DAY, groups=[group], send_mail=True)
    assert (first.sent, again.sent, again.skipped_already_sent) == (1, 0, 1)
    [message] = mail_sink.messages()
    assert message["To"] == "ubnd@example.vn" and "5 bài mới" in message["Subject"]
    html = message.get_body(("html",)).get_content()
    images = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert {part["Content-ID"] for part in images} == {"<topics>", "<sentiment>"} and "cid:topics" in html
    assert message.get_body(("plain",)).get_content().startswith("LẮNG NGHE")
    token = message["List-Unsubscribe"].split("token=")[1].rstrip(">")
    assert check_unsubscribe_token(seeded, "ubnd@example.vn", token)
    assert not check_unsubscribe_token(seeded, "other@example.vn", token)


def test_spikes_of_the_ward_appear(es, seeded):
    start, end = period(DAY, seeded)
    from core.notify_schema import AlertRule

    store.save_rule(es, seeded, AlertRule(id="ngap", name="Ngập P. Sài Gòn", ward_code=WARD))
    store.record_alert(es, seeded, AlertEvent(id="ngap:1", rule_id="ngap", rule_name="Ngập P. Sài Gòn",
                                              window_start=start, window_end=start + timedelta(hours=2), count=9,
                                              baseline=1.0, reason="spike", fired_at=start + timedelta(hours=2),
                                              link="http://dash.example/explore"))
    ward = gather(es, seeded, Group(f"ward:{WARD}", "P", ward_code=WARD), DAY)
    other = gather(es, seeded, Group(f"ward:{OTHER}", "Q", ward_code=OTHER), DAY)
    assert [s.rule_id for s in ward.spikes] == ["ngap"] and other.spikes == []


def test_default_groups_cover_roles_units_and_the_168_wards():
    groups = digest_groups(None)
    wards = [g for g in groups if g.ward_code]
    assert len(wards) == 168 and len({g.key for g in groups}) == len(groups)
    assert {g.role for g in groups if g.role} == {"communications", "officer", "supervisor"}
    assert any(g.unit for g in groups)
