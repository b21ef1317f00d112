from datetime import UTC, datetime, timedelta

import pytest

from core.schema import Post
from pipeline.retention import apply_retention
from store.setup import ensure_posts_index
from store.writer import index_posts
from triage.cases import assign, ensure_triage_indices, open_case_from_request, transition
from triage.policy import Role, User

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 30, tzinfo=UTC)
ADMIN = User("lanh.dao", Role.supervisor)


def _post(i: int, when: datetime) -> Post:
    return Post(source="t", canonical_id=str(i), url=f"https://e.vn/{i}", kind="comment", text=f"bài {i}",
                published_at=when, collected_at=when)


def test_old_posts_go_and_old_personal_data_is_erased(es, settings):
    alias = ensure_posts_index(es, settings).alias
    demo = _post(3, NOW - timedelta(days=3000)).model_copy(update={"demo": True})
    index_posts(es, alias, [_post(1, NOW - timedelta(days=800)), _post(2, NOW - timedelta(days=10)), demo])
    ensure_triage_indices(es, settings)
    received = NOW - timedelta(days=400)
    opened = open_case_from_request(es, settings, {
        "service_request_id": "r-9", "service_code": "moi_truong", "description": "Rác ứ đọng lâu ngày ở đầu hẻm",
        "requested_datetime": received.isoformat(), "first_name": "Lan", "email": "lan@example.vn"},
        now=received, actor=ADMIN)
    opened = assign(es, settings, opened, "canbo.lan", actor=ADMIN, now=received + timedelta(days=1))
    for status in ("in_progress", "resolved", "closed"):
        opened = transition(es, settings, opened, status, actor=ADMIN, now=received + timedelta(days=5))
    recent = open_case_from_request(es, settings, {
        "service_request_id": "r-10", "service_code": "moi_truong", "description": "Rác mới",
        "requested_datetime": (NOW - timedelta(days=3)).isoformat(), "first_name": "Minh"},
        now=NOW - timedelta(days=3), actor=ADMIN).case
    es.indices.refresh(index=settings.index_alias("cases"))

    report = apply_retention(es, settings, NOW)
    assert report["posts_deleted"] == 1 and report["cases_erased"] == 1
    assert es.count(index=alias)["count"] == 2  # the recent post, and the demo recording (never aged out)
    old = es.get(index=settings.index_alias("cases"), id=opened.case.id)["_source"]
    assert old["reporters"][0]["name"] is None and old["reporters"][0]["email"] is None
    assert old["description"].startswith("Rác")  # the complaint itself stays
    new = es.get(index=settings.index_alias("cases"), id=recent.id)["_source"]
    assert new["reporters"][0]["name"] == "Minh"
    assert apply_retention(es, settings, NOW) == {k: 0 for k in report}  # idempotent
