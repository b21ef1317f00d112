"""The officers' test data: the dashboard's test posts, the demo cases of ``triage.demo`` and one
flood incident promoted to a case that a citizen's request was merged into — all written through
the triage library into an index prefix of their own. Used by test_officer_pages.py and
test_browser_officer_flow.py (this module holds no tests of its own)."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from core.settings import Settings, get_settings

REPORTER = ("Phúc", "Hồ Văn", "0909555123")   # first name, last name, phone of the merged request


@dataclass(frozen=True)
class OfficerIndex:
    settings: Settings
    now: datetime
    flood_case: str          # promoted from the flood incident; a citizen's request merged into it
    flood_incident: str
    denunciation: str        # demo-009, tố cáo, assigned to canbo.lan
    karaoke: str             # demo-008, new
    closed: str              # demo-007, closed

    def env(self) -> dict[str, str]:
        return {"ES_URL": self.settings.es_endpoint, "LANGNGHE_INDEX_PREFIX": self.settings.index_prefix}

    def client(self):
        from store.client import make_client

        return make_client(self.settings)


def seed(es_url: str) -> OfficerIndex:
    from core.case_schema import Channel, Incident
    from core.schema import Place
    from store.cases import get_case, linked_case_id
    from store.client import make_client
    from store.incidents import ensure_incidents_index, get_incident, write_incidents
    from store.setup import ensure_posts_index
    from store.writer import index_posts
    from tests.dashboard.conftest import make_posts
    from triage.cases import merge_duplicate, open_case_from_request, promote_to_case
    from triage.demo import LAN, seed_demo

    settings = Settings(es_url=es_url, index_prefix=f"test-officer-{uuid.uuid4().hex[:8]}")
    client = make_client(settings)
    now = datetime.now(UTC).replace(microsecond=0)
    posts = make_posts()
    assert not index_posts(client, ensure_posts_index(client, settings).alias, posts).failed
    seed_demo(client, settings, now=now)
    flood = [p for p in posts if p.enrichment.topic == "ngap_nuoc" and not p.demo]
    ensure_incidents_index(client, settings)
    write_incidents(client, settings, [Incident(
        id="inc-officer-ngap", topic="ngap_nuoc", ward_code="26929", ward="Phường Bình Thạnh",
        title="Mưa lớn, nhiều tuyến đường ở Bình Thạnh ngập sâu", count=len(flood), reach=42,
        channels=[Channel.press, Channel.post], first_seen=now - timedelta(hours=30), last_seen=now - timedelta(hours=2),
        member_ids=[p.id for p in flood], texts=[p.text for p in flood[:3]])])
    promoted = promote_to_case(client, settings, get_incident(client, settings, "inc-officer-ngap"), now=now, actor=LAN,
                               urgency="high")
    first, last, phone = REPORTER
    place = Place(mention="đường Xô Viết Nghệ Tĩnh, phường 21, Bình Thạnh", ward_code="26929", ward="Phường Bình Thạnh",
                  old_ward="Phường 21", old_district="Quận Bình Thạnh", street="Xô Viết Nghệ Tĩnh")
    request = open_case_from_request(client, settings, {
        "service_request_id": "officer-flood-1", "service_code": "ngap_nuoc", "address": place.mention,
        "description": "Mưa lớn làm đường Xô Viết Nghệ Tĩnh ngập sâu, nước vào nhà dân.",
        "requested_datetime": now - timedelta(hours=20),
        "personal": {"first_name": first, "last_name": last, "phone": phone}}, now=now, actor=LAN, place=place)
    merge_duplicate(client, settings, request, get_case(client, settings, promoted.case.id), actor=LAN, now=now)
    case_of = lambda rid: linked_case_id(client, settings, f"request:{rid}")  # noqa: E731
    return OfficerIndex(settings, now, promoted.case.id, "inc-officer-ngap", case_of("demo-009"), case_of("demo-008"),
                        case_of("demo-007"))


def officer_index_fixture(es_url: str) -> Iterator[OfficerIndex]:
    from store.setup import drop_prefix

    index = seed(es_url)
    yield index
    drop_prefix(index.client(), index.settings.index_prefix)


def point_app_at(index: OfficerIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in index.env().items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
