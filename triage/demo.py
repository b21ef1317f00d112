"""Demo complaints and cases for the demo profile, so every triage page has content.

Twenty citizen reports in Vietnamese on real Ho Chi Minh City wards (codes of the units in force
since 1 July 2025) and streets, opened as cases through the same library calls the intake makes,
some moved along the workflow by the demo users of config/users.yaml, then clustered into
incidents with the demo posts already indexed. Idempotent: request ids are fixed, so a re-run
opens no second case, replays no step and adds no incident member.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from elasticsearch import Elasticsearch

from core.case_schema import CaseStatus
from core.schema import Place, Post
from core.settings import Settings
from store.cases import get_case, linked_case_id
from triage.cases import add_note, assign, ensure_triage_indices, merge_duplicate, open_case_from_request, set_reply, transition
from triage.incidents import item_from_post, item_from_request, update_incidents
from triage.policy import SYSTEM, Role, User

LAN = User("canbo.lan", Role.officer, display_name="Nguyễn Thị Lan")
MINH = User("canbo.minh", Role.officer, display_name="Trần Văn Minh")
HOA = User("giamsat.hoa", Role.supervisor, display_name="Lê Thị Hòa")
BEN_THANH = User("ubnd.benthanh", Role.unit_handler, unit="ubnd-26743")
SAWACO = User("sawaco.cskh", Role.unit_handler, unit="sawaco")


def _place(mention: str, code: str, ward: str, old_ward: str | None, old_district: str, street: str | None = None,
           alley: str | None = None) -> Place:
    return Place(mention=mention, ward_code=code, ward=ward, old_ward=old_ward, old_district=old_district,
                 street=street, alley=alley)


@dataclass(frozen=True)
class DemoReport:
    rid: str
    topic: str
    hours_ago: int
    text: str
    person: tuple[str, str, str]          # first name, last name, phone
    place: Place
    legal_type: str = "phan_anh"
    urgency: str = "medium"
    steps: list[tuple[int, str, Any]] = field(default_factory=list)   # (hours after receipt, action, argument)


NHC = _place("đường Nguyễn Hữu Cảnh, phường 22, quận Bình Thạnh", "26956", "Phường Thạnh Mỹ Tây", "Phường 22",
             "Quận Bình Thạnh", "Nguyễn Hữu Cảnh")
REPORTS = [
    DemoReport("demo-001", "ngap_nuoc", 20, "Đường Nguyễn Hữu Cảnh ngập sâu sau cơn mưa chiều qua, nước tràn vào nhà dân, "
               "xe máy chết máy hàng loạt.", ("Văn Hùng", "Nguyễn", "0903111201"), NHC, urgency="high",
               steps=[(2, "assign", LAN), (3, "start", LAN), (4, "note", "Đã chuyển Công ty Thoát nước kiểm tra cống.")]),
    DemoReport("demo-002", "ngap_nuoc", 19, "Nguyễn Hữu Cảnh lại ngập sâu sau mưa, xe máy chết máy, đề nghị khơi thông "
               "cống thoát nước.", ("Thị Mai", "Trần", "0903111202"), NHC, urgency="high",
               steps=[(3, "merge", "demo-001")]),
    DemoReport("demo-003", "moi_truong", 24 * 25, "Rác thải đổ bừa bãi trước hẻm 45 Nguyễn Trãi, bốc mùi hôi thối "
               "nhiều ngày, không thấy ai thu gom.", ("Minh Tuấn", "Lê", "0903111203"),
               _place("hẻm 45 Nguyễn Trãi, phường Bến Thành, quận 1", "26743", "Phường Bến Thành", "Phường Bến Thành",
                      "Quận 1", "Nguyễn Trãi", "45"), steps=[(20, "assign", BEN_THANH)]),
    DemoReport("demo-004", "dien_nuoc_vien_thong", 24 * 6, "Khu phố 3 đường Hoàng Diệu 2 mất nước sinh hoạt ba ngày nay, "
               "chưa có thông báo của công ty cấp nước.", ("Thị Hồng", "Phạm", "0903111204"),
               _place("đường Hoàng Diệu 2, phường Linh Trung, Thủ Đức", "26794", "Phường Linh Xuân", "Phường Linh Trung",
                      "Thành phố Thủ Đức", "Hoàng Diệu 2"), steps=[(3, "assign", SAWACO), (5, "start", SAWACO)]),
    DemoReport("demo-005", "dien_nuoc_vien_thong", 6, "Cúp điện liên tục mỗi tối trên đường Quang Trung, dây điện chằng "
               "chịt có nguy cơ chập điện cháy nhà.", ("Văn Sơn", "Hoàng", "0903111205"),
               _place("đường Quang Trung, phường 10, Gò Vấp", "26884", "Phường Gò Vấp", "Phường 10", "Quận Gò Vấp",
                      "Quang Trung"), urgency="high"),
    DemoReport("demo-006", "giao_thong", 24 * 9, "Trạm xe buýt trên đường Hàm Nghi bị mất mái che, người dân phải đứng "
               "dưới nắng mưa chờ xe.", ("Thị Lan Anh", "Vũ", "0903111206"),
               _place("đường Hàm Nghi, phường Bến Thành, quận 1", "26743", "Phường Bến Thành", "Phường Bến Thành",
                      "Quận 1", "Hàm Nghi"), urgency="low",
               steps=[(4, "assign", MINH), (6, "start", MINH), (50, "reply", "Trung tâm đã lắp lại mái che trạm dừng. "
                      "Cảm ơn chị đã phản ánh."), (51, "resolve", MINH)]),
    DemoReport("demo-007", "trat_tu_do_thi", 24 * 15, "Quán ăn lấn chiếm vỉa hè đường Hai Bà Trưng, người đi bộ phải "
               "đi xuống lòng đường.", ("Quốc Bảo", "Đặng", "0903111207"),
               _place("đường Hai Bà Trưng, phường Tân Định, quận 1", "26737", "Phường Tân Định", "Phường Tân Định",
                      "Quận 1", "Hai Bà Trưng"),
               steps=[(5, "assign", LAN), (6, "start", LAN), (70, "reply", "UBND phường đã lập biên bản và yêu cầu "
                      "trả lại vỉa hè."), (71, "resolve", LAN), (96, "close", HOA)]),
    DemoReport("demo-008", "tieng_on", 10, "Quán karaoke trong hẻm 120 Xô Viết Nghệ Tĩnh hát đến 1 giờ sáng, cả khu "
               "không ngủ được.", ("Thanh Tâm", "Bùi", "0903111208"),
               _place("hẻm 120 Xô Viết Nghệ Tĩnh, phường 21, Bình Thạnh", "26929", "Phường Bình Thạnh", "Phường 21",
                      "Quận Bình Thạnh", "Xô Viết Nghệ Tĩnh", "120")),
    DemoReport("demo-009", "trat_tu_do_thi", 24 * 6, "Tố cáo công trình xây dựng sai phép tại hẻm 12 Phan Đăng Lưu, "
               "có dấu hiệu cán bộ địa phương làm ngơ cho chủ công trình.", ("Văn Khoa", "Trịnh", "0903111209"),
               _place("hẻm 12 Phan Đăng Lưu, phường 7, Phú Nhuận", "27073", "Phường Phú Nhuận", "Phường 7",
                      "Quận Phú Nhuận", "Phan Đăng Lưu", "12"), legal_type="to_cao",
               steps=[(8, "assign", LAN), (9, "start", LAN)]),
    DemoReport("demo-010", "dat_dai_nha_o", 24 * 12, "Khiếu nại quyết định bồi thường giải phóng mặt bằng dự án mở "
               "rộng đường Nguyễn Thị Định: đơn giá đất thấp hơn thị trường.", ("Thị Tuyết", "Ngô", "0903111210"),
               _place("đường Nguyễn Thị Định, phường Cát Lái, Thủ Đức", "27112", "Phường Cát Lái", "Phường Cát Lái",
                      "Thành phố Thủ Đức", "Nguyễn Thị Định"), legal_type="khieu_nai",
               steps=[(24, "assign", MINH), (30, "start", MINH)]),
    DemoReport("demo-011", "giao_thong", 30, "Ổ gà lớn trên đường Cộng Hòa trước số 200, nhiều xe máy bị té ngã, "
               "rất nguy hiểm vào ban đêm.", ("Hữu Phước", "Lý", "0903111211"),
               _place("đường Cộng Hòa, phường 4, Tân Bình", "26968", "Phường Tân Sơn Nhất", "Phường 4", "Quận Tân Bình",
                      "Cộng Hòa"), urgency="high", steps=[(1, "assign", MINH)]),
    DemoReport("demo-012", "an_ninh_trat_tu", 24 * 2, "Cướp giật điện thoại xảy ra thường xuyên ở khu vực chợ Bình Tây "
               "vào sáng sớm.", ("Thị Ngọc", "Huỳnh", "0903111212"),
               _place("chợ Bình Tây, phường 2, quận 6", "27343", "Phường Chợ Lớn", "Phường 2", "Quận 6"), urgency="high"),
    DemoReport("demo-013", "y_te", 24 * 3, "Cơ sở trên đường An Dương Vương bán thực phẩm không rõ nguồn gốc, nhiều "
               "người ăn xong bị đau bụng.", ("Văn Lộc", "Phan", "0903111213"),
               _place("đường An Dương Vương, phường 8, quận 5", "27316", "Phường An Đông", "Phường 8", "Quận 5",
                      "An Dương Vương"), steps=[(6, "assign", LAN)]),
    DemoReport("demo-014", "giao_duc", 24 * 5, "Đề nghị xem xét các khoản thu ngoài quy định đầu năm học của một trường "
               "tiểu học trên đường Lý Chính Thắng.", ("Thị Thu", "Đỗ", "0903111214"),
               _place("đường Lý Chính Thắng, phường 8, quận 3", "27160", "Phường Bàn Cờ", "Phường 8", "Quận 3",
                      "Lý Chính Thắng"), legal_type="kien_nghi"),
    DemoReport("demo-015", "khac", 24 * 7, "Đề nghị lắp thêm đèn chiếu sáng trên đường Rừng Sác đoạn gần bến phà, "
               "ban đêm rất tối.", ("Văn Tài", "Lâm", "0903111215"),
               _place("đường Rừng Sác, Cần Giờ", "27664", "Xã Cần Giờ", None, "Huyện Cần Giờ", "Rừng Sác"),
               legal_type="kien_nghi", steps=[(4, "reject", "Đã có kế hoạch chiếu sáng năm 2026, trùng kiến nghị trước.")]),
    DemoReport("demo-016", "moi_truong", 24 * 3, "Xưởng tái chế nhựa trên đường Kha Vạn Cân xả khói đen, mùi khét "
               "nồng nặc cả khu dân cư.", ("Văn Dũng", "Mai", "0903111216"),
               _place("đường Kha Vạn Cân, phường Linh Đông, Thủ Đức", "26824", "Phường Thủ Đức", "Phường Linh Đông",
                      "Thành phố Thủ Đức", "Kha Vạn Cân")),
    DemoReport("demo-017", "ngap_nuoc", 16, "Triều cường dâng cao, đường Kha Vạn Cân ngập nặng, nước vào nhà nhiều hộ.",
               ("Thị Hạnh", "Tô", "0903111217"),
               _place("đường Kha Vạn Cân, phường Linh Đông, Thủ Đức", "26824", "Phường Thủ Đức", "Phường Linh Đông",
                      "Thành phố Thủ Đức", "Kha Vạn Cân")),
    DemoReport("demo-018", "ngap_nuoc", 15, "Đường Kha Vạn Cân ngập nặng do triều cường, xe cộ không đi được.",
               ("Minh Châu", "Cao", "0903111218"),
               _place("đường Kha Vạn Cân, phường Linh Đông, Thủ Đức", "26824", "Phường Thủ Đức", "Phường Linh Đông",
                      "Thành phố Thủ Đức", "Kha Vạn Cân")),
    DemoReport("demo-019", "trat_tu_do_thi", 24 * 20, "Xe máy đậu tràn lan trên vỉa hè đường Đinh Tiên Hoàng trước "
               "chợ Đa Kao.", ("Văn Hải", "Kiều", "0903111219"),
               _place("đường Đinh Tiên Hoàng, phường Đa Kao, quận 1", "26740", "Phường Sài Gòn", "Phường Đa Kao",
                      "Quận 1", "Đinh Tiên Hoàng"),
               steps=[(2, "assign", MINH), (3, "start", MINH), (48, "reply", "Phường đã ra quân lập lại trật tự vỉa hè."),
                      (49, "resolve", MINH), (72, "close", HOA)]),
    DemoReport("demo-020", "trat_tu_do_thi", 8, "Vỉa hè đường Đinh Tiên Hoàng trước chợ Đa Kao lại bị xe máy chiếm hết, "
               "người đi bộ không có chỗ đi.", ("Thị Diệu", "Lưu", "0903111220"),
               _place("đường Đinh Tiên Hoàng, phường Đa Kao, quận 1", "26740", "Phường Sài Gòn", "Phường Đa Kao",
                      "Quận 1", "Đinh Tiên Hoàng")),
]


def _request(report: DemoReport, received: datetime) -> dict[str, Any]:
    first, last, phone = report.person
    return {"service_request_id": report.rid, "service_code": report.topic, "description": report.text,
            "requested_datetime": received, "address": report.place.mention, "demo": True,
            "personal": {"first_name": first, "last_name": last, "phone": phone,
                         "email": f"{report.rid}@example.vn"}}


def seed_demo(client: Elasticsearch, settings: Settings, *, now: datetime,
              posts: list[Post] | None = None) -> dict[str, int]:
    """Open the demo cases, replay their steps once, cluster them (and ``posts``) into incidents."""
    ensure_triage_indices(client, settings)
    opened = replayed = 0
    items = []
    for report in REPORTS:
        received = now - timedelta(hours=report.hours_ago)
        fresh = linked_case_id(client, settings, f"request:{report.rid}") is None
        version = open_case_from_request(client, settings, _request(report, received), now=received, actor=SYSTEM,
                                         legal_type=report.legal_type, urgency=report.urgency, place=report.place)
        opened += fresh
        if fresh:
            replayed += _replay(client, settings, version, report, received)
        items.append(item_from_request(_request(report, received), ward_code=report.place.ward_code,
                                       ward=report.place.ward, street=report.place.street))
    items += [item_from_post(p) for p in posts or [] if p.enrichment and p.enrichment.topic]
    incidents = update_incidents(client, settings, items)
    return {"reports": len(REPORTS), "cases_opened": opened, "steps_replayed": replayed,
            "incidents_created": incidents["created"], "incidents_updated": incidents["updated"]}


def _replay(client: Elasticsearch, settings: Settings, version, report: DemoReport, received: datetime) -> int:
    for hours, action, arg in report.steps:
        at = received + timedelta(hours=hours)
        if action == "assign":
            version = assign(client, settings, version, arg.name, actor=HOA, now=at)
        elif action == "start":
            version = transition(client, settings, version, CaseStatus.in_progress, actor=arg, now=at)
        elif action == "resolve":
            version = transition(client, settings, version, CaseStatus.resolved, actor=arg, now=at)
        elif action == "close":
            version = transition(client, settings, version, CaseStatus.closed, actor=arg, now=at)
        elif action == "reject":
            version = transition(client, settings, version, CaseStatus.rejected, actor=LAN, now=at, reason=arg)
        elif action == "note":
            version = add_note(client, settings, version, arg, actor=LAN, now=at)
        elif action == "reply":
            version = set_reply(client, settings, version, arg, actor=LAN, now=at)
        elif action == "merge":
            master_id = linked_case_id(client, settings, f"request:{arg}")
            version, _ = merge_duplicate(client, settings, version, get_case(client, settings, master_id), actor=LAN, now=at)
    return len(report.steps)


def demo_posts(client: Elasticsearch, settings: Settings, limit: int = 2000) -> list[Post]:
    """Enriched demo posts already in the posts index (from the demo crawl), if any."""
    alias = settings.index_alias("posts")
    if not client.indices.exists_alias(name=alias):
        return []
    response = client.search(index=alias, size=limit, query={"bool": {"filter": [
        {"term": {"demo": True}}, {"exists": {"field": "enrichment.topic"}}]}})
    return [Post.from_document(h["_source"]) for h in response["hits"]["hits"]]
