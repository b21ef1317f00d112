"""One small, realistic index for the dashboard tests, written once per session.

The Elasticsearch URL comes from the session fixture ``es_url`` (``ES_URL`` or the
embedded test node); an unreachable cluster fails the tests, it never skips them.
"""
from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

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
                        demo=demo, enrichment=Enrichment(normalized_text=text, sentiment=sentiment,
                                                         sentiment_score=0.87, model_id="test"))
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
    yield DashboardIndex(settings, posts)
    drop_prefix(client, settings.index_prefix)


@pytest.fixture
def dashboard_env(dashboard_index: DashboardIndex, monkeypatch: pytest.MonkeyPatch) -> Iterator[DashboardIndex]:
    """Point ``get_settings()`` (and so the in-process app) at the test index for one test."""
    for name, value in dashboard_index.env().items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield dashboard_index
    get_settings.cache_clear()
