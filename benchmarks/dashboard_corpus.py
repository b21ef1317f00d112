"""A seeded, realistic corpus for `langnghe bench dashboard`: posts, cases, incidents, digests.

Documents are small and built as plain dicts in the shape ``core.schema.Post`` and
``core.case_schema.Case`` index them (tests validate samples against the models), so a million
are generated in seconds; they are written with ``helpers.parallel_bulk`` over several threads
into a scratch index prefix created by the store's own setup functions. Distributions: the 168
wards of ``nlp.places.wards()`` with a long tail (a few central wards get most mentions), the city
taxonomy's topics with uneven weights, about 45 % negative / 35 % neutral / 20 % positive, times
over 90 days with a daily rhythm.
"""
from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from elasticsearch import Elasticsearch, helpers

from core.folding import fold
from core.settings import Settings
from triage.deadlines import TZ

DAYS = 90
SOURCES = (("vnexpress", "news_comments", 0.25), ("tuoitre", "news_comments", 0.2), ("thanhnien", "news_comments", 0.15),
           ("facebook_pages", "facebook", 0.2), ("voz", "xenforo", 0.1), ("reddit_vietnam", "reddit", 0.05),
           ("youtube", "youtube", 0.05))
SENTIMENTS = (("negative", 0.45), ("neutral", 0.35), ("positive", 0.2))
TOPIC_WEIGHTS = {"giao_thong": 20, "ngap_nuoc": 14, "moi_truong": 12, "trat_tu_do_thi": 10, "tieng_on": 6,
                 "dien_nuoc_vien_thong": 8, "hanh_chinh_cong": 6, "y_te": 5, "giao_duc": 5, "an_ninh_trat_tu": 6,
                 "dat_dai_nha_o": 5, "khac": 3}
STREETS = ("Nguyễn Hữu Cảnh", "Lê Văn Sỹ", "Cộng Hòa", "Kha Vạn Cân", "Quang Trung", "Hai Bà Trưng", "Nguyễn Trãi",
           "Phan Đăng Lưu", "Xô Viết Nghệ Tĩnh", "Điện Biên Phủ", "Võ Văn Kiệt", "Lý Thường Kiệt", "Trường Chinh",
           "Huỳnh Tấn Phát", "Nguyễn Văn Linh", "Phạm Văn Đồng", "Lê Văn Việt", "Âu Cơ", "Tô Ký", "Hậu Giang")
PROBLEMS = {
    "giao_thong": ("kẹt xe kéo dài giờ cao điểm", "ổ gà lớn rất nguy hiểm", "đèn giao thông hỏng cả tuần"),
    "ngap_nuoc": ("ngập sâu sau mưa lớn, xe chết máy", "triều cường tràn vào nhà dân", "cống nghẹt, nước không rút"),
    "moi_truong": ("rác thải đổ bừa bãi bốc mùi", "khói bụi từ xưởng gây ô nhiễm", "kênh rạch đầy rác"),
    "trat_tu_do_thi": ("vỉa hè bị lấn chiếm buôn bán", "xe đậu tràn lan trên vỉa hè", "xây dựng sai phép"),
    "tieng_on": ("quán karaoke hát khuya ồn ào", "công trình thi công ban đêm", "loa kẹo kéo ầm ĩ"),
    "dien_nuoc_vien_thong": ("mất điện từ sáng chưa có lại", "mất nước sinh hoạt hai ngày", "dây cáp treo lủng lẳng"),
    "hanh_chinh_cong": ("làm giấy tờ phải chờ cả buổi", "hồ sơ trễ hẹn chưa trả", "cổng dịch vụ công bị lỗi"),
    "y_te": ("bệnh viện quá tải bệnh nhân nằm ghép", "thực phẩm không rõ nguồn gốc", "sốt xuất huyết tăng"),
    "giao_duc": ("trường thu các khoản ngoài quy định", "thiếu chỗ học lớp một", "xe đưa đón học sinh quá tải"),
    "an_ninh_trat_tu": ("cướp giật điện thoại", "trộm xe máy trong hẻm", "nhóm thanh niên đua xe"),
    "dat_dai_nha_o": ("bồi thường giải tỏa thấp", "chậm cấp sổ hồng", "tranh chấp ranh giới đất"),
    "khac": ("đề nghị lắp thêm đèn chiếu sáng", "xin thêm cây xanh công viên", "góp ý chung cho thành phố"),
}
FILLERS = ("mong cơ quan chức năng xử lý", "người dân rất bức xúc", "tình trạng kéo dài nhiều ngày",
           "ai có cách gì không", "đề nghị phường kiểm tra", "sáng nay đi ngang thấy", "lại nữa rồi",
           "khổ quá bà con ơi", "cảm ơn phường đã xử lý nhanh", "hy vọng sớm được khắc phục")
CASE_STATUS = (("new", 0.12), ("assigned", 0.12), ("in_progress", 0.16), ("resolved", 0.25), ("closed", 0.25),
               ("rejected", 0.04), ("duplicate", 0.04), ("reopened", 0.02))
LEGAL = (("phan_anh", 0.7), ("kien_nghi", 0.15), ("khieu_nai", 0.1), ("to_cao", 0.05))
OFFICERS = ("canbo.lan", "canbo.minh", "canbo.an", "canbo.binh", "canbo.chau", "canbo.dung")


@dataclass(frozen=True)
class Corpus:
    posts: int
    cases: int
    incidents: int
    end: datetime
    post_ids: list[str]          # a sample, for incident members and case links
    case_ids: list[str]


class _Pick:
    """Weighted choices, drawn in blocks (random.choices is much faster per item in bulk)."""

    def __init__(self, rng: random.Random, items: list, weights: list[float], block: int = 4096) -> None:
        self.rng, self.items, self.cum, self.block = rng, items, list(itertools.accumulate(weights)), block
        self.buffer: list = []

    def __call__(self) -> Any:
        if not self.buffer:
            self.buffer = self.rng.choices(self.items, cum_weights=self.cum, k=self.block)
        return self.buffer.pop()


def _wards() -> list[tuple[str, str]]:
    from nlp.places import wards

    return [(w.code, w.name) for w in wards()]


def _when(rng: random.Random, end: datetime) -> datetime:
    """Uniform day over the window, busier by day than at night."""
    day = end - timedelta(days=rng.random() * DAYS)
    hour = rng.choices(range(24), weights=[1, 1, 1, 1, 1, 2, 4, 6, 7, 7, 6, 6, 7, 6, 6, 6, 7, 8, 8, 8, 7, 5, 3, 2])[0]
    return day.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60), microsecond=0)


def post_docs(n: int, end: datetime, seed: int = 11) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    wards = _wards()
    ward = _Pick(rng, wards, [1 / (i + 1) ** 0.8 for i in range(len(wards))])
    topic = _Pick(rng, list(TOPIC_WEIGHTS), list(TOPIC_WEIGHTS.values()))
    sentiment = _Pick(rng, [s for s, _ in SENTIMENTS], [w for _, w in SENTIMENTS])
    source = _Pick(rng, list(SOURCES), [w for *_, w in SOURCES])
    for i in range(n):
        name, platform, _ = source()
        kind = "article" if i % 20 == 0 else ("post" if platform in ("facebook", "reddit", "xenforo") else "comment")
        key, (code, ward_name), feeling = topic(), ward(), sentiment()
        street = STREETS[i % len(STREETS)]
        text = f"{street}, {ward_name}: {rng.choice(PROBLEMS[key])}, {rng.choice(FILLERS)}."
        title = f"{ward_name}: {PROBLEMS[key][i % 3]}" if kind == "article" else None
        published = _when(rng, end).isoformat()
        yield {"id": f"{name}:b{i}", "source": name, "canonical_id": f"b{i}", "url": f"https://{name}.vn/b{i}",
               "kind": kind, "platform": platform, "author": None if kind == "article" else f"user{i % 50_000}",
               "title": title, "title_folded": fold(title) if title else None, "text": text, "text_folded": fold(text),
               "published_at": published, "collected_at": published, "parent_id": None, "language": "vi",
               "likes": int(rng.paretovariate(1.5)) - 1, "replies": int(rng.paretovariate(2)) - 1, "location": None,
               "demo": False, "raw": {}, "enrichment": {
                   "normalized_text": text, "tokens": [], "sentiment": feeling, "sentiment_score": 0.8,
                   "model_id": "bench", "language": "vi", "language_score": 0.99, "topic": key, "topic_score": 0.8,
                   "complaint": feeling == "negative", "complaint_score": 0.7, "urgency": None, "urgency_score": None,
                   "legal_type": None, "toxicity": "clean", "toxicity_score": 0.05, "spam": False, "spam_score": 0.02,
                   "places": [{"mention": ward_name, "ward_code": code, "ward": ward_name, "old_ward": None,
                               "old_district": None, "street": street, "alley": None}],
                   "ward_codes": [code], "model_ids": ["bench"]}}


def case_docs(settings: Settings, n: int, end: datetime, post_ids: list[str], seed: int = 13) -> Iterator[dict[str, Any]]:
    from triage.config import load_routing

    rng = random.Random(seed)
    wards = _wards()
    ward = _Pick(rng, wards, [1 / (i + 1) ** 0.8 for i in range(len(wards))])
    topic = _Pick(rng, list(TOPIC_WEIGHTS), list(TOPIC_WEIGHTS.values()))
    status = _Pick(rng, [s for s, _ in CASE_STATUS], [w for _, w in CASE_STATUS])
    legal = _Pick(rng, [s for s, _ in LEGAL], [w for _, w in LEGAL])
    owners = load_routing(settings.routing_file, settings.units_file).owners
    for i in range(n):
        key, (code, ward_name), state, kind = topic(), ward(), status(), legal()
        received = _when(rng, end)
        due = _due(settings, received, kind, key)
        unit = f"ubnd-{code}" if rng.random() < 0.6 or key not in owners else owners[key]
        text = f"{STREETS[i % len(STREETS)]}, {ward_name}: {rng.choice(PROBLEMS[key])}"
        done = received + timedelta(hours=rng.randint(4, 24 * 20))
        resolved = done.isoformat() if state in ("resolved", "closed") else None
        history = [{"at": received.isoformat(), "actor": "system", "action": "created", "from_status": None,
                    "to_status": "new", "detail": None}]
        if state != "new":
            history.append({"at": done.isoformat(), "actor": OFFICERS[i % 6], "action": "transition",
                            "from_status": "new", "to_status": state, "detail": None})
        yield {"id": f"HCM-{received.year}-{i + 1:06d}", "title": text, "description": text,
               "channel": "request" if i % 3 else "post", "linked_posts": [post_ids[i % len(post_ids)]] if i % 3 == 0
               else [], "linked_requests": [f"bench-{i}"] if i % 3 else [], "linked_incidents": [], "topic": key,
               "legal_type": kind, "complex": False, "urgency": rng.choice(("high", "medium", "medium", "low")),
               "priority": rng.randint(10, 95), "priority_factors": [{"factor": "urgency", "points": 20,
                                                                       "detail": "medium"}],
               "place": {"mention": ward_name, "ward_code": code, "ward": ward_name, "old_ward": None,
                         "old_district": None, "street": None, "alley": None}, "ward_code": code, "unit": unit,
               "routing_rule": "bench", "status": state, "assignee": OFFICERS[i % 6] if state != "new" else None,
               "received_at": received.isoformat(), "due_at": due.isoformat(), "deadline_rule": "bench",
               "resolved_at": resolved, "closed_at": resolved if state == "closed" else None,
               "resolved_on_time": (done <= due) if resolved else None, "master_id": None, "merged_ids": [],
               "reject_reason": "trùng nội dung" if state == "rejected" else None, "came_back_from": None,
               "reply": None, "notes": [], "history": history,
               "reporters": [{"name": f"Người dân {i}", "email": None, "phone": f"09{i:08d}"[:10], "address": None,
                              "channel": "request", "item_id": f"bench-{i}", "added_at": received.isoformat()}],
               "created_at": received.isoformat(), "updated_at": (done if state != "new" else received).isoformat(),
               "demo": False}


_DUE: dict[tuple, datetime] = {}


def _due(settings: Settings, received: datetime, legal_type: str, topic: str) -> datetime:
    """The legal due date (triage.deadlines), cached per day, legal type and topic."""
    from triage.deadlines import due_date

    day = received.astimezone(TZ).date()
    key = (day, legal_type, topic)
    if key not in _DUE:
        _DUE[key] = due_date(settings, received_at=received, legal_type=legal_type, topic=topic).due_at
    return _DUE[key]


def incident_docs(n: int, end: datetime, post_ids: list[str], case_ids: list[str], seed: int = 17) -> Iterator[dict]:
    rng = random.Random(seed)
    wards = _wards()
    topics = list(TOPIC_WEIGHTS)
    for i in range(n):
        code, name = wards[i % len(wards)]
        first = _when(rng, end)
        count = int(rng.paretovariate(1.2)) + 1
        members = [post_ids[(i * 7 + j) % len(post_ids)] for j in range(min(count, 20))]
        yield {"id": f"inc-bench-{i}", "topic": topics[i % len(topics)], "ward_code": code, "ward": name,
               "street": None, "title": f"{name}: {PROBLEMS[topics[i % len(topics)]][0]}", "status": "open",
               "count": count, "reach": count * rng.randint(1, 30), "channels": ["post"], "first_seen": first.isoformat(),
               "last_seen": (first + timedelta(hours=rng.randint(1, 72))).isoformat(), "member_ids": members,
               "sentiment_trend": [{"day": first.astimezone(TZ).date().isoformat(), "negative": count, "neutral": 0,
                                    "positive": 0}],
               "case_id": case_ids[i % len(case_ids)] if i % 4 == 0 and case_ids else None, "texts": [], "demo": False}


def bulk(client: Elasticsearch, alias: str, docs: Iterator[dict[str, Any]], *, threads: int, chunk: int = 2000) -> int:
    """parallel_bulk with index ops (the scratch indices are fresh); a failed document raises."""
    written = 0
    actions = ({"_index": alias, "_id": d["id"], "_source": d} for d in docs)
    for ok, _item in helpers.parallel_bulk(client, actions, thread_count=threads, chunk_size=chunk, queue_size=threads,
                                          raise_on_error=True):
        written += ok
    return written


def load(client: Elasticsearch, settings: Settings, *, posts: int, cases: int, end: datetime, threads: int = 4,
         progress=print) -> Corpus:
    """Create the scratch indices with the store's setup functions and fill them."""
    from core.notify_schema import DigestRecord
    from store import notify
    from store.cases import ensure_cases_index
    from store.incidents import ensure_incidents_index
    from store.saved_searches import ensure_saved_searches_index
    from store.setup import ensure_posts_index
    from triage.cases import ensure_triage_indices

    posts_alias = ensure_posts_index(client, settings).alias
    ensure_triage_indices(client, settings)
    notify.ensure_notify_indices(client, settings)
    ensure_saved_searches_index(client, settings)
    aliases = [posts_alias, ensure_cases_index(client, settings), ensure_incidents_index(client, settings)]
    client.indices.put_settings(index=",".join(aliases), settings={"index": {"refresh_interval": "-1"}})
    written = bulk(client, posts_alias, post_docs(posts, end), threads=threads)
    progress(f"posts: {written:,}")
    post_ids = [d["id"] for d in itertools.islice(post_docs(min(posts, 20_000), end), 0, None, 4)]
    case_written = bulk(client, settings.index_alias("cases"), case_docs(settings, cases, end, post_ids), threads=threads)
    progress(f"cases: {case_written:,}")
    case_ids = [f"HCM-{(end - timedelta(days=1)).year}-{i:06d}" for i in range(1, 50)]
    n_incidents = max(10, posts // 50)
    bulk(client, settings.index_alias("incidents"), incident_docs(n_incidents, end, post_ids, case_ids), threads=threads)
    progress(f"incidents: {n_incidents:,}")
    for day in range(30):
        stamp = (end - timedelta(days=day)).astimezone(TZ)
        for group in ("role:communications", "role:officer", "role:supervisor"):
            notify.archive_digest(client, settings, DigestRecord(
                id=f"{stamp.date()}:{group}", day=str(stamp.date()), group=group, subject=f"Bản tin {stamp.date()}",
                html="<p>Bản tin</p>", text="Bản tin", built_at=stamp, counts={"posts": posts // DAYS}))
    client.indices.put_settings(index=",".join(aliases), settings={"index": {"refresh_interval": None}})
    client.indices.refresh(index=",".join(aliases))
    return Corpus(written, case_written, n_incidents, end, post_ids, _case_ids(client, settings))


def _case_ids(client: Elasticsearch, settings: Settings, size: int = 500) -> list[str]:
    response = client.search(index=settings.index_alias("cases"), size=size, source=False,
                             query={"function_score": {"random_score": {"seed": 5, "field": "_seq_no"}}})
    return [h["_id"] for h in response["hits"]["hits"]]
