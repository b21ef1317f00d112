"""Incident clustering across channels, incremental and idempotent, against the real index."""
from __future__ import annotations

from datetime import timedelta

import pytest

from core.case_schema import Channel
from core.schema import Enrichment, Kind, Place, Post
from store.cases import get_case
from store.incidents import get_incident, list_incidents
from tests.triage.conftest import NOW, OFFICER_A
from triage.cases import promote_to_case
from triage.incidents import ClusterItem, cluster, item_from_post, item_from_request, systemic_signals, update_incidents

pytestmark = pytest.mark.integration

THANH_MY_TAY = Place(mention="Nguyễn Hữu Cảnh", ward_code="26956", ward="Phường Thạnh Mỹ Tây", street="Nguyễn Hữu Cảnh")


def _post(pid: str, text: str, minutes: int, *, kind: Kind = Kind.comment, likes: int = 0, sentiment: str = "negative",
          place: Place = THANH_MY_TAY, topic: str = "ngap_nuoc") -> Post:
    when = NOW + timedelta(minutes=minutes)
    return Post(source="vnexpress", canonical_id=pid, url=f"https://vnexpress.net/{pid}", kind=kind, author=f"user{pid}",
                text=text, published_at=when, collected_at=when, likes=likes, replies=1, title=None,
                enrichment=Enrichment(normalized_text=text, topic=topic, sentiment=sentiment, places=[place],
                                      ward_codes=[place.ward_code]))


def _items() -> list[ClusterItem]:
    posts = [
        _post("1", "Đường Nguyễn Hữu Cảnh ngập sâu sau cơn mưa chiều nay, xe chết máy hàng loạt", 0, likes=120),
        _post("2", "Nguyễn Hữu Cảnh lại ngập sâu sau mưa, xe máy chết máy nằm la liệt", 30, likes=40),
        _post("3", "Mưa lớn chiều nay, đường Nguyễn Hữu Cảnh ngập sâu nửa bánh xe", 90, kind=Kind.article, likes=10,
              sentiment="neutral"),
        _post("4", "Cống thoát nước trước chung cư bốc mùi hôi nồng nặc suốt tuần", 60),
    ]
    request = {"service_request_id": "77", "service_code": "ngap_nuoc", "requested_datetime": NOW + timedelta(minutes=45),
               "description": "Đường Nguyễn Hữu Cảnh ngập sâu sau mưa, đề nghị xử lý thoát nước"}
    return [*(item_from_post(p) for p in posts), item_from_request(request, ward_code="26956", ward="Phường Thạnh Mỹ Tây")]


def test_items_about_one_event_merge_across_channels(settings):
    incidents = sorted(cluster(_items(), [], settings), key=lambda i: -i.count)
    big = incidents[0]
    assert big.count == 4 and set(big.channels) == {Channel.post, Channel.press, Channel.request}
    assert set(big.member_ids) == {"vnexpress:1", "vnexpress:2", "vnexpress:3", "request:77"}
    assert big.reach == 120 + 40 + 10 + 3 and big.first_seen == NOW and big.last_seen == NOW + timedelta(minutes=90)
    assert [(p.negative, p.neutral) for p in big.sentiment_trend] == [(2, 1)]
    assert [i.count for i in incidents[1:]] == [1]       # the smell is another event


def test_other_ward_other_street_or_outside_the_window_starts_another_incident(settings):
    elsewhere = Place(mention="x", ward_code="26743", ward="Phường Bến Thành")
    other_street = THANH_MY_TAY.model_copy(update={"street": "Điện Biên Phủ"})
    text = "Đường Nguyễn Hữu Cảnh ngập sâu sau cơn mưa chiều nay"
    items = [item_from_post(_post("1", text, 0)), item_from_post(_post("2", text, 10, place=elsewhere)),
             item_from_post(_post("3", text, 60 * (settings.incident_window_hours + 1))),
             item_from_post(_post("4", "Đường Điện Biên Phủ ngập sâu sau cơn mưa chiều nay", 20, place=other_street))]
    assert sorted(i.count for i in cluster(items, [], settings)) == [1, 1, 1, 1]


def test_incremental_runs_join_open_incidents_and_reruns_change_nothing(triage_es, settings):
    items = _items()
    first = update_incidents(triage_es, settings, items[:2])
    assert first["created"] == 1
    second = update_incidents(triage_es, settings, items)
    assert second == {"created": 1, "updated": 1, "unchanged": 0, "failed": 0}
    before = {h["_id"]: h["_version"] for h in triage_es.search(index=settings.index_alias("incidents"), version=True)["hits"]["hits"]}
    again = update_incidents(triage_es, settings, items)
    assert again["created"] == again["updated"] == 0
    after = {h["_id"]: h["_version"] for h in triage_es.search(index=settings.index_alias("incidents"), version=True)["hits"]["hits"]}
    assert before == after
    page = list_incidents(triage_es, settings)
    assert page.total == 1 and page.incidents[0].count == 4


def test_promoting_an_incident_makes_one_linked_case(triage_es, settings):
    update_incidents(triage_es, settings, _items())
    incident = list_incidents(triage_es, settings).incidents[0]
    opened = promote_to_case(triage_es, settings, get_incident(triage_es, settings, incident.id), now=NOW, actor=OFFICER_A,
                             urgency="high")
    case = opened.case
    assert case.linked_incidents == [incident.id] and case.linked_requests == ["77"]
    assert set(case.linked_posts) == {"vnexpress:1", "vnexpress:2", "vnexpress:3"}
    assert case.unit == "thoat-nuoc-do-thi" and case.routing_rule == "ngap-nuoc"
    assert {f.factor for f in case.priority_factors} >= {"reporters"}
    assert get_incident(triage_es, settings, incident.id).case_id == case.id
    again = promote_to_case(triage_es, settings, get_incident(triage_es, settings, incident.id), now=NOW, actor=OFFICER_A)
    assert again.case.id == case.id and get_case(triage_es, settings, case.id).case == case


def test_promoting_a_post_keeps_the_link(triage_es, settings):
    post = _post("9", "Ống cống vỡ, nước tràn ra đường gây ngập", 0)
    case = promote_to_case(triage_es, settings, post, now=NOW, actor=OFFICER_A).case
    assert case.linked_posts == [post.id] and case.channel == Channel.post and case.ward_code == "26956"


def test_a_topic_rising_in_many_wards_is_raised_to_its_department(triage_es, settings):
    wards = ["26737", "26740", "26743", "26929", "26944", "27073"]
    items = []
    for n, ward in enumerate(wards):
        for k in range(3):
            when = NOW - timedelta(days=1, minutes=k)
            items.append(ClusterItem(f"p{n}-{k}", Channel.post, f"Đường ở phường {ward} ngập nặng sau mưa", "ngap_nuoc",
                                     ward, None, when))
    items.append(ClusterItem("old", Channel.post, "Đường ngập nặng sau mưa", "ngap_nuoc", wards[0], None,
                             NOW - timedelta(days=10)))
    update_incidents(triage_es, settings, items)
    signals = systemic_signals(triage_es, settings, now=NOW)
    assert len(signals) == 1
    assert (signals[0].topic, signals[0].department, signals[0].wards) == ("ngap_nuoc", "so-xay-dung", sorted(wards))
    assert signals[0].items_now == 18 and signals[0].items_before == 1


def test_clustering_does_not_depend_on_input_order(settings):
    items = _items()
    a = sorted((i.id, tuple(i.member_ids)) for i in cluster(items, [], settings))
    b = sorted((i.id, tuple(i.member_ids)) for i in cluster(list(reversed(items)), [], settings))
    assert a == b
