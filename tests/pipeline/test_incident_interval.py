from datetime import UTC, datetime, timedelta

import pytest

from core.schema import Enrichment, Place, Post
from pipeline.incidents import cluster_interval
from store.incidents import list_incidents
from store.setup import ensure_posts_index
from store.writer import index_posts

pytestmark = pytest.mark.integration

END = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
PLACE = Place(mention="đường Nguyễn Hữu Cảnh", ward_code="26734", ward="Phường Sài Gòn", street="Nguyễn Hữu Cảnh")


def _post(i: int, text: str, source: str = "facebook") -> Post:
    when = END - timedelta(minutes=50 - i)
    return Post(source=source, canonical_id=str(i), url=f"https://e.vn/{source}/{i}", kind="comment", text=text,
                published_at=when, collected_at=when, likes=i,
                enrichment=Enrichment(normalized_text=text, topic="ngap_nuoc", sentiment="negative",
                                      places=[PLACE], ward_codes=["26734"]))


def test_posts_of_one_flood_become_one_incident_and_reruns_change_nothing(es, settings):
    posts = [_post(1, "Đường Nguyễn Hữu Cảnh ngập sâu quá, xe chết máy hàng loạt"),
             _post(2, "Nguyễn Hữu Cảnh lại ngập sâu, xe máy chết máy giữa đường", source="vnexpress"),
             _post(3, "Mưa lớn, đường Nguyễn Hữu Cảnh ngập sâu, xe chết máy")]
    assert not index_posts(es, ensure_posts_index(es, settings).alias, posts).failed
    first = cluster_interval(es, settings, END - timedelta(hours=1), END)
    es.indices.refresh(index=settings.index_alias("incidents"))
    [incident] = list_incidents(es, settings, ward_code="26734").incidents
    assert first["posts"] == 3 and incident.count == 3 and set(incident.member_ids) == {p.id for p in posts}
    again = cluster_interval(es, settings, END - timedelta(hours=1), END)
    es.indices.refresh(index=settings.index_alias("incidents"))
    assert again["created"] == 0
    assert list_incidents(es, settings, ward_code="26734").incidents[0].count == 3
