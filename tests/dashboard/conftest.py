"""One small, realistic index for the dashboard tests, written once per session.

The Elasticsearch URL comes from the session fixture ``es_url`` (``ES_URL`` or the
embedded test node); an unreachable cluster fails the tests, it never skips them.
"""
from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import pytest

from core.errors import ElasticsearchUnavailable
from core.folding import fold
from core.schema import Enrichment, Post
from core.settings import Settings, get_settings
from store.client import check_available, make_client
from store.setup import drop_prefix, ensure_posts_index
from store.writer import index_posts

ICT = timezone(timedelta(hours=7))
T0 = datetime(2026, 11, 20, 7, 30, tzinfo=ICT)

# (kind, title, text, sentiment, hours after T0, article index the comment replies to)
ROWS: list[tuple[str, str | None, str, str, int, int | None]] = [
    ("article", "Mưa lớn, nhiều tuyến đường ở TP.HCM ngập sâu",
     "Cơn mưa kéo dài hơn hai giờ chiều qua khiến đường Nguyễn Hữu Cảnh, Huỳnh Tấn Phát ngập "
     "hơn nửa mét, nhiều xe chết máy.", "negative", 0, None),
    ("article", "Kẹt xe kéo dài ở cửa ngõ sân bay Tân Sơn Nhất",
     "Các tuyến Trường Sơn, Cộng Hòa ùn tắc từ 17 giờ đến gần 20 giờ, hành khách phải đi bộ "
     "kéo vali vào nhà ga.", "negative", 6, None),
    ("article", "Quận 1 ra quân dọn rác kênh Nhiêu Lộc - Thị Nghè",
     "Hơn 200 tình nguyện viên đã thu gom khoảng 5 tấn rác dọc bờ kênh trong buổi sáng chủ nhật.",
     "positive", 30, None),
    ("article", "Thành phố khánh thành công viên bờ sông Sài Gòn",
     "Công viên rộng 1,4 ha ở Thủ Thiêm mở cửa miễn phí cho người dân từ hôm nay.", "positive", 52, None),
    ("comment", None, "Nhà tôi ở Bình Thạnh, cứ mưa là ngập tới đầu gối, năm nào cũng vậy.", "negative", 1, 0),
    ("comment", None, "Chống ngập bao nhiêu năm rồi mà Nguyễn Hữu Cảnh vẫn thành sông.", "negative", 2, 0),
    ("comment", None, "Đường Huỳnh Tấn Phát sáng nay đã rút nước, đi lại bình thường.", "neutral", 20, 0),
    ("comment", None, "Mong thành phố sớm hoàn thành dự án chống ngập 10.000 tỉ.", "neutral", 3, 0),
    ("comment", None, "Kẹt xe kinh khủng, mất hơn một tiếng mới ra được sân bay.", "negative", 7, 1),
    ("comment", None, "Nên mở thêm lối vào sân bay từ đường Phan Thúc Duyện.", "neutral", 8, 1),
    ("comment", None, "Đi metro rồi đổi xe buýt, nhanh hơn chạy xe máy nhiều.", "positive", 9, 1),
    ("comment", None, "Cảm ơn các bạn tình nguyện viên, kênh sạch đẹp hẳn lên!", "positive", 31, 2),
    ("comment", None, "Dọn xong vài hôm người ta lại vứt rác xuống kênh, phải phạt nặng.", "negative", 33, 2),
    ("comment", None, "Hẻm nhà tôi ở Gò Vấp rác chất đống ba ngày chưa ai thu gom.", "negative", 36, 2),
    ("comment", None, "Công viên đẹp, cuối tuần sẽ dẫn con ra chơi.", "positive", 53, 3),
    ("comment", None, "Mong có thêm nhiều cây xanh và ghế ngồi hơn.", "neutral", 55, 3),
    ("comment", None, "Bãi giữ xe ở công viên thu phí cao quá.", "negative", 58, 3),
    ("comment", None, "Vừa mưa xong đường Lê Văn Việt lại ngập, xe máy chết máy hàng loạt.", "negative", 60, 0),
]
DEMO_ROWS = [
    ("article", "Triều cường dâng cao, nhiều khu dân cư Quận 7 ngập",
     "Đỉnh triều đạt 1,7 m, nước tràn qua bờ bao vào nhà dân.", "negative", 70, None),
    ("comment", None, "Năm nay triều cường lên sớm, nhà tôi phải kê đồ lên cao.", "neutral", 71, 0),
]


# (words, topic) and (words, ward code): the labels the seeded posts get, first match wins
TOPIC_WORDS = [(("ngập", "triều"), "ngap_nuoc"), (("kẹt xe", "sân bay", "metro"), "giao_thong"),
               (("rác", "kênh"), "moi_truong")]
WARD_WORDS = [("Bình Thạnh", "26929"), ("Gò Vấp", "26884"), ("sân bay", "26968"), ("Quận 7", "27475"),
              ("Quận 1", "26743"), ("Thủ Thiêm", "27097")]
WARD_NAMES = {"26929": "Phường Bình Thạnh", "26884": "Phường Gò Vấp", "26968": "Phường Tân Sơn Nhất",
              "27475": "Phường Tân Hưng", "26743": "Phường Bến Thành", "27097": "Phường Bình Trưng"}


def _labels(text: str, kind: str, sentiment: str) -> dict:
    lowered = text.lower()
    topic = next((t for words, t in TOPIC_WORDS if any(w in lowered for w in words)), "khac")
    wards = [code for word, code in WARD_WORDS if word.lower() in lowered][:1]
    return {"topic": topic, "ward_codes": wards, "complaint": kind == "comment" and sentiment == "negative",
            "toxicity": "offensive" if "kinh khủng" in lowered else "clean"}


@dataclass(frozen=True)
class DashboardIndex:
    settings: Settings
    posts: list[Post]

    @property
    def alias(self) -> str:
        return self.settings.index_alias("posts")

    def env(self) -> dict[str, str]:
        """What makes the dashboard (in-process or a child process) read this index."""
        return {"ES_URL": self.settings.es_endpoint, "LANGNGHE_INDEX_PREFIX": self.settings.index_prefix}

    def matching(self, word: str) -> list[Post]:
        """Posts holding ``word`` as a whole word, with or without diacritics."""
        return [p for p in self.posts if fold(word) in re.findall(r"\w+", fold(f"{p.title or ''} {p.text}"))]


def make_posts() -> list[Post]:
    posts: list[Post] = []
    for demo, rows in ((False, ROWS), (True, DEMO_ROWS)):
        articles: list[Post] = []
        for i, (kind, title, text, sentiment, hours, parent) in enumerate(rows):
            source = "vnexpress" if i % 2 else "tuoitre"
            post = Post(source=source, canonical_id=f"{'demo-' if demo else ''}{kind}-{i}",
                        url=f"https://{source}.vn/{'demo/' if demo else ''}{kind}-{i}.html", kind=kind,
                        author=None if kind == "article" else f"Bạn đọc {i}", title=title, text=text,
                        published_at=T0 + timedelta(hours=hours), collected_at=T0 + timedelta(days=4),
                        parent_id=articles[parent].id if parent is not None else None, language="vi",
                        demo=demo, likes=len(text) % 7, replies=len(text) % 5,
                        enrichment=Enrichment(normalized_text=text, sentiment=sentiment, sentiment_score=0.87,
                                              model_id="test", **_labels(f"{title or ''} {text}", kind, sentiment)))
            articles += [post] if kind == "article" else []
            posts.append(post)
    return posts


@pytest.fixture(scope="session")
def dashboard_index(es_url: str) -> Iterator[DashboardIndex]:
    settings = Settings(es_url=es_url, index_prefix=f"test-dash-{uuid.uuid4().hex[:8]}")
    client = make_client(settings)
    try:
        check_available(client)
    except ElasticsearchUnavailable as exc:
        pytest.fail(f"The dashboard tests need Elasticsearch: {exc.render()}", pytrace=False)
    alias = ensure_posts_index(client, settings).alias
    posts = make_posts()
    report = index_posts(client, alias, posts)
    assert not report.failed, report.failed
    seed_other_indices(client, settings, posts)
    yield DashboardIndex(settings, posts)
    drop_prefix(client, settings.index_prefix)


INCIDENT_ID = "inc-test-ngap"
CASE_ID = "HCM-2026-000042"
COMMS_DIGEST = "2026-11-21:role:communications"
OFFICER_DIGEST = "2026-11-21:role:officer"


def seed_other_indices(client, settings: Settings, posts: list[Post]) -> None:
    """What the other pages read: an incident, two digests, an alert rule and its alert, a
    subscriber, source-run reports and audit events — written by their own store modules."""
    from core.case_schema import AuditEvent, Channel, Incident, SentimentPoint
    from core.notify_schema import AlertEvent, AlertRule, DigestRecord, Subscription
    from core.source_run import RunStatus, SourceRun
    from store import notify
    from store.audit import ensure_audit_index, record
    from store.incidents import ensure_incidents_index, write_incidents
    from store.source_runs import write_runs

    flood = [p for p in posts if p.enrichment.topic == "ngap_nuoc" and not p.demo]
    ensure_incidents_index(client, settings)
    write_incidents(client, settings, [Incident(
        id=INCIDENT_ID, topic="ngap_nuoc", ward_code="26929", ward="Phường Bình Thạnh", title=flood[0].title or "",
        count=len(flood), reach=sum((p.likes or 0) + (p.replies or 0) for p in flood),
        channels=[Channel.press, Channel.post], first_seen=flood[0].published_at, last_seen=flood[-1].published_at,
        member_ids=[p.id for p in flood], case_id=CASE_ID,
        sentiment_trend=[SentimentPoint(day="2026-11-20", negative=3, neutral=1),
                         SentimentPoint(day="2026-11-22", negative=1)])])
    notify.ensure_notify_indices(client, settings)
    built = T0 + timedelta(days=1)
    for digest_id, title in ((COMMS_DIGEST, "Bản tin truyền thông"), (OFFICER_DIGEST, "Bản tin cán bộ tiếp nhận")):
        day, group = digest_id.split(":", 1)
        notify.archive_digest(client, settings, DigestRecord(
            id=digest_id, day=day, group=group, subject=f"{title} {day}",
            html=f"<html><body><h1>{title}</h1><p>Ngập ở Bình Thạnh.</p></body></html>",
            text=f"{title}\nNgập ở Bình Thạnh.", built_at=built, counts={"posts": len(posts)}))
    rule = AlertRule(id="ngap-binh-thanh", name="Ngập Bình Thạnh", query="ngập", ward_code="26929", threshold=2,
                     spike_factor=None, emails=["truc.ban@example.vn"])
    notify.save_rule(client, settings, rule)
    end = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    notify.record_alert(client, settings, AlertEvent(
        id=f"{rule.id}:{end:%Y%m%d%H}", rule_id=rule.id, rule_name=rule.name, window_start=end - timedelta(hours=1),
        window_end=end, count=3, baseline=0.5, reason="threshold", fired_at=end,
        link="http://127.0.0.1:8501/explore?q=ng%E1%BA%ADp&ward=26929"))
    notify.save_subscription(client, settings, Subscription(email="thu@example.vn", name="Phạm Minh Thư",
                                                            groups=["role:communications"]))
    write_runs(client, settings, [
        SourceRun(source="vnexpress", profile="demo", interval_start=T0, interval_end=T0 + timedelta(hours=1),
                  status=RunStatus.ok, items=12, new=10, duplicates=1, invalid=1, errors=0,
                  last_success_at=T0 + timedelta(hours=1)),
        SourceRun(source="facebook_pages", profile="demo", interval_start=T0, interval_end=T0 + timedelta(hours=1),
                  status=RunStatus.not_configured, not_configured=True, not_configured_reason="no FB token")])
    ensure_audit_index(client, settings)
    record(client, settings, AuditEvent(at=T0 + timedelta(days=2), actor="canbo.lan", role="officer",
                                        action="case.view_personal_data", target_type="case", target_id=CASE_ID,
                                        personal_data=True))
    record(client, settings, AuditEvent(at=T0 + timedelta(days=2, hours=1), actor="canbo.minh", role="officer",
                                        action="case.transition", target_type="case", target_id=CASE_ID,
                                        before={"status": "new"}, after={"status": "assigned"}))


@pytest.fixture
def dashboard_env(dashboard_index: DashboardIndex, monkeypatch: pytest.MonkeyPatch) -> Iterator[DashboardIndex]:
    """Point ``get_settings()`` (and so the in-process app) at the test index for one test."""
    for name, value in dashboard_index.env().items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield dashboard_index
    get_settings.cache_clear()
