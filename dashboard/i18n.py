"""The dashboard's words: Vietnamese by default, English on the sidebar toggle.

``t(key)`` looks a key up in ``STRINGS`` (key → (Vietnamese, English)) for the session's language;
a missing key fails loudly in tests rather than showing a raw key to a user.
"""
from __future__ import annotations

from typing import Literal

Language = Literal["vi", "en"]
LANG_KEY = "lang"

STRINGS: dict[str, tuple[str, str]] = {
    # navigation
    "nav.overview": ("Tổng quan", "Overview"),
    "nav.explore": ("Khám phá", "Explore"),
    "nav.incidents": ("Sự việc", "Incidents"),
    "nav.digests": ("Bản tin", "Digests"),
    "nav.alerts": ("Cảnh báo", "Alerts"),
    "nav.queue": ("Hàng đợi xử lý", "Triage queue"),
    "nav.case": ("Hồ sơ", "Case"),
    "nav.units": ("Đơn vị", "Units"),
    "nav.admin_users": ("Người dùng", "Users"),
    "nav.admin_taxonomy": ("Chủ đề", "Taxonomy"),
    "nav.admin_routing": ("Quy tắc chuyển", "Routing rules"),
    "nav.admin_sources": ("Nguồn dữ liệu", "Source health"),
    "nav.admin_audit": ("Nhật ký", "Audit"),
    "nav.unsubscribe": ("Hủy đăng ký", "Unsubscribe"),
    "nav.login": ("Đăng nhập", "Log in"),
    "nav.section.listen": ("Lắng nghe", "Listening"),
    "nav.section.cases": ("Xử lý hồ sơ", "Cases"),
    "nav.section.admin": ("Quản trị", "Administration"),
    "nav.section.account": ("Tài khoản", "Account"),
    # shell
    "shell.language": ("English", "English"),
    "shell.signed_in": ("Đăng nhập: **{name}** · {role}", "Signed in: **{name}** · {role}"),
    "shell.logout": ("Đăng xuất", "Log out"),
    "role.communications": ("Truyền thông", "Communications"),
    "role.officer": ("Cán bộ tiếp nhận", "Officer"),
    "role.unit_handler": ("Đơn vị xử lý", "Unit handler"),
    "role.supervisor": ("Lãnh đạo / giám sát", "Supervisor"),
    "role.admin": ("Quản trị", "Admin"),
    "common.refresh": ("Làm mới", "Refresh"),
    "common.results": ("{n} kết quả", "{n} results"),
    "common.none": ("Không có dữ liệu.", "Nothing to show."),
    "common.all": ("Tất cả", "All"),
    "common.save": ("Lưu", "Save"),
    "common.delete": ("Xoá", "Delete"),
    "common.times": ("Thời gian theo giờ Việt Nam (UTC+7).", "Times in Viet Nam time (UTC+7)."),
    # login
    "login.title": ("Lắng Nghe · Đăng nhập", "Lắng Nghe · Log in"),
    "login.user": ("Tên đăng nhập", "User name"),
    "login.password": ("Mật khẩu", "Password"),
    "login.submit": ("Đăng nhập", "Log in"),
    "login.oidc": ("Đăng nhập bằng tài khoản tổ chức", "Log in with your organisation account"),
    "login.demo": ("**Tài khoản demo** (chỉ trong chế độ demo), mật khẩu `{password}`:",
                   "**Demo accounts** (demo profile only), password `{password}`:"),
    "login.missing": ("Nhập tên đăng nhập và mật khẩu.", "Enter a user name and a password."),
    # overview
    "overview.title": ("Lắng Nghe · Tổng quan", "Lắng Nghe · Overview"),
    "overview.sentiment_time": ("Sắc thái theo thời gian", "Sentiment over time"),
    "overview.topics_time": ("Chủ đề theo thời gian", "Topics over time"),
    "overview.sources": ("Tỷ lệ theo nguồn", "Share of voice by source"),
    "overview.spikes": ("Đột biến (cảnh báo 7 ngày qua)", "Spikes (alerts of the last 7 days)"),
    "overview.no_spikes": ("Không có cảnh báo nào trong 7 ngày qua.", "No alert fired in the last 7 days."),
    "overview.top_wards": ("Phường/xã được nhắc nhiều nhất", "Most mentioned wards"),
    "overview.map": ("Bản đồ theo phường/xã", "Map by ward"),
    "overview.no_wards": ("Chưa có tài liệu nào gắn với phường/xã.", "No document is tied to a ward yet."),
    # explore
    "explore.title": ("Khám phá", "Explore"),
    "explore.query": ("Truy vấn", "Query"),
    "explore.query_help": ('Cú pháp Boolean: `+` (và), `|` (hoặc), `-` (loại trừ), `"cụm từ"`, `( )`; '
                           "có dấu hay không dấu đều được.",
                           'Boolean syntax: `+` (and), `|` (or), `-` (not), `"phrase"`, `( )`; '
                           "with or without diacritics."),
    "explore.period": ("Khoảng thời gian", "Time range"),
    "explore.source": ("Nguồn", "Source"),
    "explore.sentiment": ("Sắc thái", "Sentiment"),
    "explore.topic": ("Chủ đề", "Topic"),
    "explore.ward": ("Phường/xã", "Ward"),
    "explore.complaint": ("Phản ánh", "Complaint"),
    "explore.complaint.any": ("Tất cả", "Any"),
    "explore.complaint.yes": ("Là phản ánh", "Complaints"),
    "explore.complaint.no": ("Không phải phản ánh", "Not complaints"),
    "explore.toxicity": ("Độc hại", "Toxicity"),
    "explore.export": ("Tải CSV", "Download CSV"),
    "explore.saved": ("Tìm kiếm đã lưu", "Saved searches"),
    "explore.saved.none": ("Chưa lưu tìm kiếm nào.", "No saved search yet."),
    "explore.saved.load": ("Mở", "Open"),
    "explore.save_name": ("Tên tìm kiếm", "Search name"),
    "explore.save": ("Lưu tìm kiếm", "Save search"),
    "explore.saved_ok": ("Đã lưu «{name}».", "Saved «{name}»."),
    "explore.empty": ("Không tìm thấy tài liệu nào. Thử từ khoá khác hoặc bỏ bớt bộ lọc.",
                      "No document found. Try other words or fewer filters."),
    # incidents
    "incidents.title": ("Sự việc", "Incidents"),
    "incidents.caption": ("Các tin cùng nói về một sự việc trên mạng xã hội, đường dây nóng và báo chí.",
                          "Items about the same event across social media, the hotline and the press."),
    "incidents.count": ("Số tin", "Items"),
    "incidents.reach": ("Lượt tương tác", "Reach"),
    "incidents.first": ("Xuất hiện", "First seen"),
    "incidents.last": ("Gần nhất", "Last seen"),
    "incidents.channels": ("Kênh", "Channels"),
    "incidents.case": ("Hồ sơ", "Case"),
    "incidents.trend": ("Diễn biến sắc thái", "Sentiment trend"),
    "incidents.members": ("Một số tin", "Some items"),
    "incidents.none": ("Chưa có sự việc nào (cần ít nhất 2 tin).", "No incident yet (at least 2 items)."),
    "incidents.pseudonymised": ("Tác giả được ẩn danh.", "Authors are pseudonymised."),
    # digests
    "digests.title": ("Bản tin hằng ngày", "Daily digests"),
    "digests.day": ("Ngày", "Day"),
    "digests.group": ("Nhóm nhận", "Recipient group"),
    "digests.none": ("Chưa có bản tin nào được lưu. Chạy `langnghe digest --date YYYY-MM-DD`.",
                     "No digest archived yet. Run `langnghe digest --date YYYY-MM-DD`."),
    "digests.sent": ("Đã gửi tới {n} người lúc {at}", "Sent to {n} recipients at {at}"),
    # alerts
    "alerts.title": ("Cảnh báo", "Alerts"),
    "alerts.rules": ("Quy tắc cảnh báo", "Alert rules"),
    "alerts.new": ("Quy tắc mới", "New rule"),
    "alerts.edit": ("Sửa quy tắc", "Edit rule"),
    "alerts.id": ("Mã (a-z, 0-9, -)", "Id (a-z, 0-9, -)"),
    "alerts.name": ("Tên", "Name"),
    "alerts.window": ("Cửa sổ (phút)", "Window (minutes)"),
    "alerts.threshold": ("Ngưỡng (số tin, 0 = không dùng)", "Threshold (posts, 0 = off)"),
    "alerts.spike": ("Hệ số đột biến (0 = không dùng)", "Spike factor (0 = off)"),
    "alerts.min_count": ("Tối thiểu cho đột biến", "Minimum for a spike"),
    "alerts.emails": ("E-mail nhận (mỗi dòng một địa chỉ)", "E-mails (one per line)"),
    "alerts.webhooks": ("Webhook (mỗi dòng một URL)", "Webhooks (one per line)"),
    "alerts.enabled": ("Đang bật", "Enabled"),
    "alerts.saved": ("Đã lưu quy tắc {id}.", "Saved rule {id}."),
    "alerts.deleted": ("Đã xoá quy tắc {id}.", "Deleted rule {id}."),
    "alerts.recent": ("Cảnh báo gần đây (7 ngày)", "Recent alerts (7 days)"),
    "alerts.recipients": ("Người nhận bản tin và cảnh báo", "Digest and alert recipients"),
    "alerts.sub.email": ("E-mail", "E-mail"),
    "alerts.sub.name": ("Họ tên", "Name"),
    "alerts.sub.groups": ("Nhóm (role:…, ward:…, unit:…; cách nhau bởi dấu phẩy)",
                          "Groups (role:…, ward:…, unit:…; comma-separated)"),
    "alerts.sub.digest": ("Nhận bản tin", "Digests"),
    "alerts.sub.alerts": ("Nhận cảnh báo", "Alerts"),
    "alerts.sub.saved": ("Đã lưu người nhận {email}.", "Saved recipient {email}."),
    "alerts.none": ("Chưa có quy tắc nào.", "No rule yet."),
    # unsubscribe
    "unsub.title": ("Hủy đăng ký nhận bản tin", "Unsubscribe from digests"),
    "unsub.done": ("Đã hủy đăng ký cho {email}. Bạn sẽ không nhận bản tin và cảnh báo nữa.",
                   "{email} is unsubscribed: no more digests or alerts."),
    "unsub.bad": ("Liên kết hủy đăng ký không hợp lệ hoặc đã hết hạn.", "This unsubscribe link is not valid."),
    "unsub.missing": ("Liên kết thiếu e-mail hoặc mã xác nhận.", "The link lacks the e-mail or the token."),
    "unsub.unknown": ("{email} không có trong danh sách nhận tin.", "{email} is not on the recipient list."),
    # admin
    "admin.users.title": ("Người dùng và vai trò", "Users and roles"),
    "admin.users.add": ("Thêm hoặc đổi người dùng", "Add or replace a user"),
    "admin.users.name": ("Tên đăng nhập", "User name"),
    "admin.users.display": ("Tên hiển thị", "Display name"),
    "admin.users.role": ("Vai trò", "Role"),
    "admin.users.unit": ("Đơn vị (cho đơn vị xử lý)", "Unit (for unit handlers)"),
    "admin.users.password": ("Mật khẩu (ít nhất 8 ký tự)", "Password (8 characters or more)"),
    "admin.users.added": ("Đã lưu người dùng {name}.", "Saved user {name}."),
    "admin.users.file": ("Tệp người dùng: `{path}` (chỉ lưu mã băm Argon2).",
                         "Users file: `{path}` (Argon2 hashes only)."),
    "admin.taxonomy.title": ("Danh mục chủ đề", "Topic taxonomy"),
    "admin.taxonomy.file": ("Sửa trong tệp `{path}`; trang này chỉ để xem.", "Edit `{path}`; this page only shows it."),
    "admin.taxonomy.valid": ("Tệp hợp lệ: phiên bản {version}, {n} chủ đề.", "The file is valid: version {version}, {n} topics."),
    "admin.routing.title": ("Quy tắc chuyển hồ sơ", "Routing rules"),
    "admin.routing.file": ("Quy tắc trong `{path}`, xét từ trên xuống; không khớp → `{fallback}`.",
                           "Rules in `{path}`, first match wins; none → `{fallback}`."),
    "admin.routing.try": ("Quy tắc nào áp dụng?", "Which rule fires?"),
    "admin.routing.legal": ("Loại đơn", "Legal type"),
    "admin.routing.text": ("Nội dung (tuỳ chọn, cho quy tắc theo từ khoá)", "Text (optional, for keyword rules)"),
    "admin.routing.result": ("Quy tắc **{rule}** → đơn vị **{unit}** ({name})",
                             "Rule **{rule}** → unit **{unit}** ({name})"),
    "admin.sources.title": ("Tình trạng nguồn dữ liệu", "Source health"),
    "admin.sources.none": ("Chưa có báo cáo thu thập nào trong `{index}`.", "No run report in `{index}` yet."),
    "admin.audit.title": ("Nhật ký hệ thống", "Audit log"),
    "admin.audit.caption": ("Chỉ ghi thêm: không sửa, không xoá. Mỗi lần xem dữ liệu cá nhân đều được ghi.",
                            "Append-only: no edits, no deletes. Every view of personal data is recorded."),
    "admin.audit.actor": ("Người thực hiện", "Actor"),
    "admin.audit.action": ("Hành động", "Action"),
    "admin.audit.target": ("Đối tượng (mã)", "Target id"),
    "admin.audit.personal": ("Chỉ lần xem dữ liệu cá nhân", "Views of personal data only"),
}


def language() -> Language:
    import streamlit as st

    return "en" if st.session_state.get(LANG_KEY) == "en" else "vi"


def t(key: str, lang: Language | None = None, **values: object) -> str:
    vi, en = STRINGS[key]
    text = en if (lang or language()) == "en" else vi
    return text.format(**values) if values else text
