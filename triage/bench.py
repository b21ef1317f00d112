"""`langnghe bench incidents`: cluster one day's generated items and time it (not a test)."""
from __future__ import annotations

import random
import time
from datetime import datetime, timedelta

from core.case_schema import Channel
from core.settings import Settings
from triage.deadlines import TZ
from triage.incidents import ClusterItem, _vectorizer, cluster

TOPICS = ["giao_thong", "ngap_nuoc", "moi_truong", "tieng_on", "trat_tu_do_thi", "dien_nuoc_vien_thong",
          "hanh_chinh_cong", "y_te", "giao_duc", "an_ninh_trat_tu", "dat_dai_nha_o", "khac"]
STREETS = ["Nguyễn Hữu Cảnh", "Lê Văn Sỹ", "Cộng Hòa", "Kha Vạn Cân", "Quang Trung", "Hai Bà Trưng", "Nguyễn Trãi",
           "Phan Đăng Lưu", "Xô Viết Nghệ Tĩnh", "Điện Biên Phủ", "Võ Văn Kiệt", "Lý Thường Kiệt"]
PROBLEMS = ["ngập sâu sau mưa lớn, xe chết máy", "rác thải đổ bừa bãi bốc mùi", "kẹt xe kéo dài giờ cao điểm",
            "mất điện từ sáng chưa có lại", "quán karaoke hát khuya ồn ào", "vỉa hè bị lấn chiếm buôn bán",
            "ổ gà lớn rất nguy hiểm", "mất nước sinh hoạt hai ngày", "cây xanh nghiêng sắp đổ", "cướp giật điện thoại"]
FILLERS = ["mong cơ quan chức năng xử lý", "người dân rất bức xúc", "tình trạng kéo dài nhiều ngày", "ai có cách gì không",
           "đề nghị phường kiểm tra", "sáng nay đi ngang thấy", "lại nữa rồi", "khổ quá bà con ơi"]


def generate(n: int, seed: int = 7) -> list[ClusterItem]:
    """``n`` items of one day on 168 wards: about one in five repeats an event already reported."""
    rng = random.Random(seed)
    day = datetime(2026, 6, 1, tzinfo=TZ)
    wards = [str(26000 + 7 * i) for i in range(168)]
    items = []
    for i in range(n):
        street, problem = rng.choice(STREETS), rng.choice(PROBLEMS)
        text = f"{rng.choice(['Đường', 'Trên đường', 'Khu vực'])} {street} {problem}, {rng.choice(FILLERS)} #{rng.randint(1, 50)}"
        items.append(ClusterItem(f"bench:{i}", rng.choice([Channel.post, Channel.post, Channel.request, Channel.press]),
                                 text, rng.choice(TOPICS), rng.choice(wards), None,
                                 day + timedelta(seconds=rng.randint(0, 86_399)), rng.randint(0, 50), street=street))
    return items


def bench_incidents(settings: Settings, n: int) -> dict[str, float | int]:
    items = generate(n)
    _vectorizer()   # the sklearn import, once per process, is not part of the clustering
    start = time.perf_counter()
    incidents = cluster(items, [], settings)
    seconds = time.perf_counter() - start
    return {"items": n, "incidents": len(incidents), "multi_item_incidents": sum(1 for i in incidents if i.count > 1),
            "seconds": round(seconds, 1), "items_per_second": round(n / seconds)}
