"""Words and small widgets of the officers' pages (queue, case, units).

The strings live here rather than in ``dashboard/i18n.py`` (owned by the dashboard framework) and
follow its convention: key → (Vietnamese, English), the session's language from
``dashboard.i18n.language()``; a missing key fails loudly.
"""
from __future__ import annotations

from datetime import datetime

import streamlit as st

from core.case_schema import Case, CaseStatus
from dashboard.i18n import STRINGS, language
from dashboard.results import local_time
from triage.deadlines import Clock, ClockState
from triage.workflow import LABELS_EN, LABELS_VI

OFFICER_STRINGS: dict[str, tuple[str, str]] = {
    # queue
    "queue.title": ("Hàng đợi xử lý", "Triage queue"),
    "queue.caption": ("Hồ sơ theo mức ưu tiên, rồi theo hạn xử lý.", "Cases by priority, then by due date."),
    "queue.status": ("Trạng thái", "Status"),
    "queue.topic": ("Chủ đề", "Topic"),
    "queue.unit": ("Đơn vị", "Unit"),
    "queue.ward": ("Phường/xã", "Ward"),
    "queue.legal": ("Loại đơn", "Legal type"),
    "queue.urgency": ("Mức khẩn", "Urgency"),
    "queue.due_before": ("Hạn trước ngày", "Due before"),
    "queue.text": ("Tìm trong hồ sơ", "Search cases"),
    "queue.overdue_only": ("Chỉ hồ sơ quá hạn", "Overdue only"),
    "queue.urgency_window": ("Lọc mức khẩn trong {n} hồ sơ ưu tiên cao nhất khớp bộ lọc.",
                             "Urgency is filtered among the {n} highest-priority matching cases."),
    "queue.total": ("{n} hồ sơ", "{n} cases"),
    "queue.flags": ("{overdue} quá hạn · {at_risk} sắp đến hạn (trên trang này)",
                    "{overdue} overdue · {at_risk} at risk (on this page)"),
    "queue.none": ("Không có hồ sơ nào khớp bộ lọc.", "No case matches the filters."),
    "queue.open": ("Mở hồ sơ", "Open case"),
    "queue.bulk": ("Xử lý hàng loạt", "Bulk actions"),
    "queue.select": ("Chọn hồ sơ", "Select cases"),
    "queue.assignee": ("Giao cho", "Assign to"),
    "queue.assign": ("Giao các hồ sơ đã chọn", "Assign the selected cases"),
    "queue.move_to": ("Chuyển sang trạng thái", "Move to status"),
    "queue.move": ("Chuyển trạng thái", "Change status"),
    "queue.result_ok": ("{n} hồ sơ đã cập nhật.", "{n} cases updated."),
    "queue.result_failed": ("{id}: {why}", "{id}: {why}"),
    "queue.page": ("Trang", "Page"),
    # columns
    "col.id": ("Mã hồ sơ", "Case"),
    "col.priority": ("Ưu tiên", "Priority"),
    "col.clock": ("Thời hạn", "Clock"),
    "col.due": ("Hạn xử lý", "Due"),
    "col.status": ("Trạng thái", "Status"),
    "col.title": ("Nội dung", "Title"),
    "col.unit": ("Đơn vị", "Unit"),
    "col.ward": ("Phường/xã", "Ward"),
    "col.assignee": ("Người xử lý", "Assignee"),
    "col.link": ("Liên kết", "Link"),
    # clock
    "clock.on_track": ("Trong hạn", "On track"),
    "clock.at_risk": ("Sắp đến hạn", "At risk"),
    "clock.overdue": ("Quá hạn", "Overdue"),
    "clock.stopped": ("Đã dừng", "Stopped"),
    "clock.days_left": ("còn {n} ngày làm việc", "{n} working days left"),
    # case
    "case.title": ("Hồ sơ", "Case"),
    "case.pick": ("Mã hồ sơ (HCM-…)", "Case id (HCM-…)"),
    "case.pick_help": ("Mở một hồ sơ từ hàng đợi, hoặc nhập mã.", "Open a case from the queue, or enter its id."),
    "case.priority": ("Ưu tiên", "Priority"),
    "case.due": ("Hạn xử lý", "Due"),
    "case.unit": ("Đơn vị xử lý", "Responsible unit"),
    "case.rule": ("Quy tắc chuyển: `{rule}`", "Routing rule: `{rule}`"),
    "case.deadline_rule": ("Căn cứ thời hạn: `{rule}`", "Deadline rule: `{rule}`"),
    "case.place": ("Địa điểm", "Place"),
    "case.place_old": ("trước 7/2025: {old}", "before 7/2025: {old}"),
    "case.assignee": ("Người xử lý", "Assignee"),
    "case.received": ("Tiếp nhận", "Received"),
    "case.came_back": ("Tái diễn sau hồ sơ {id}", "Came back after case {id}"),
    "case.master": ("Trùng với hồ sơ {id}", "Duplicate of case {id}"),
    "case.merged": ("Đã gộp: {ids}", "Merged here: {ids}"),
    "case.rejected": ("Từ chối: {reason}", "Rejected: {reason}"),
    "case.factors": ("Các yếu tố ưu tiên", "Priority factors"),
    "case.description": ("Nội dung phản ánh", "Report"),
    "case.timeline": ("Diễn biến", "Timeline"),
    "case.linked": ("Tin liên quan", "Linked items"),
    "case.linked_requests": ("Yêu cầu qua cổng/đường dây nóng: {ids}", "Requests (portal/hotline): {ids}"),
    "case.linked_incident": ("Sự việc `{id}`: {count} tin, {title}", "Incident `{id}`: {count} items, {title}"),
    "case.reporters": ("Người phản ánh (dữ liệu cá nhân — lượt xem được ghi nhật ký)",
                       "Reporters (personal data — this view is audited)"),
    "case.reporters_hidden": ("Thông tin người phản ánh được ẩn theo quy định bảo vệ người tố cáo / dữ liệu cá nhân.",
                              "The reporters' identity is hidden (denouncer protection / personal data)."),
    "case.notes": ("Ghi chú nội bộ", "Internal notes"),
    "case.note_add": ("Thêm ghi chú", "Add a note"),
    "case.note_text": ("Ghi chú (không gửi cho người dân)", "Note (never sent to the citizen)"),
    "case.reply": ("Trả lời người dân", "Reply to the citizen"),
    "case.reply_template": ("Mẫu trả lời", "Reply template"),
    "case.reply_text": ("Nội dung trả lời", "Reply"),
    "case.reply_save": ("Lưu trả lời", "Save the reply"),
    "case.reply_current": ("Đã trả lời", "Current reply"),
    "case.actions": ("Xử lý", "Actions"),
    "case.move": ("Chuyển sang «{status}»", "Move to '{status}'"),
    "case.final": ("Hồ sơ đã kết thúc; không còn bước chuyển nào.", "The case is final; no further step."),
    "case.assign_to": ("Giao cho", "Assign to"),
    "case.assign_unit": ("Đơn vị (để trống: giữ nguyên)", "Unit (empty: keep)"),
    "case.assign": ("Giao hồ sơ", "Assign"),
    "case.reject_reason": ("Lý do từ chối", "Reason for rejection"),
    "case.reject": ("Từ chối", "Reject"),
    "case.merge_into": ("Mã hồ sơ chính", "Master case id"),
    "case.merge": ("Gộp vào hồ sơ chính (trùng lặp)", "Merge into the master case (duplicate)"),
    "case.corrections": ("Sửa nhãn của mô hình (lưu để huấn luyện lại)",
                         "Correct the model's labels (kept for retraining)"),
    "case.correct_task": ("Nhãn", "Label"),
    "case.correct_label": ("Nhãn đúng", "Correct label"),
    "case.correct_save": ("Lưu nhãn đúng", "Save the correction"),
    "case.corrected": ("Đã lưu: {task} = {label}.", "Saved: {task} = {label}."),
    "case.saved": ("Đã lưu.", "Saved."),
    "case.conflict_detail": ("Thay đổi của bạn chưa được lưu. Trạng thái mới nhất: **{status}**, người xử lý "
                             "**{assignee}**, cập nhật {at} bởi **{actor}**.",
                             "Your change was not saved. Latest state: **{status}**, assignee **{assignee}**, "
                             "updated {at} by **{actor}**."),
    "case.reload": ("Tải lại hồ sơ", "Reload the case"),
    "case.read_only": ("Bạn chỉ được xem hồ sơ này.", "You may only view this case."),
    "case.no_reply": ("Chưa có", "None yet"),
    "case.task.topic": ("Chủ đề", "Topic"),
    "case.task.urgency": ("Mức khẩn", "Urgency"),
    "case.task.legal_type": ("Loại đơn", "Legal type"),
    "case.task.complaint": ("Là phản ánh/khiếu nại", "Is a complaint"),
    # units
    "units.title": ("Báo cáo theo đơn vị", "Units report"),
    "units.caption": ("Mẫu báo cáo tháng của đường dây nóng 1022: tiếp nhận, đã giải quyết, tỉ lệ đúng hạn, "
                      "quá hạn và đang xử lý.",
                      "The 1022 hotline's monthly table: received, resolved, on-time rate, overdue, in progress."),
    "units.month": ("Tháng", "Month"),
    "units.export": ("Tải XLSX", "Download XLSX"),
    "units.total": ("Tổng cộng", "Total"),
    "units.none": ("Không có hồ sơ nào trong tháng này.", "No case in this month."),
    "units.col.unit": ("Đơn vị", "Unit"),
    "units.col.received": ("Tiếp nhận", "Received"),
    "units.col.resolved": ("Đã giải quyết", "Resolved"),
    "units.col.on_time": ("Đúng hạn", "On time"),
    "units.col.on_time_pct": ("Tỉ lệ đúng hạn (%)", "On time (%)"),
    "units.col.overdue": ("Quá hạn", "Overdue"),
    "units.col.in_progress": ("Đang xử lý", "In progress"),
}

LEGAL_LABELS = {"phan_anh": ("Phản ánh", "Report"), "kien_nghi": ("Kiến nghị", "Petition"),
                "khieu_nai": ("Khiếu nại", "Complaint (appeal)"), "to_cao": ("Tố cáo", "Denunciation")}
URGENCY_LABELS = {"high": ("Cao", "High"), "medium": ("Trung bình", "Medium"), "low": ("Thấp", "Low")}
CONFLICT = "Hồ sơ đã thay đổi kể từ khi bạn mở / this case changed since you opened it"
CLOCK_BADGES = {Clock.on_track: "green", Clock.at_risk: "orange", Clock.overdue: "red", Clock.stopped: "gray"}
CLOCK_ICONS = {Clock.on_track: "🟢", Clock.at_risk: "🟠", Clock.overdue: "🔴", Clock.stopped: "⚪"}


def ot(key: str, **values: object) -> str:
    """The officer pages' ``t()``: their own strings first, then the framework's."""
    vi, en = OFFICER_STRINGS[key] if key in OFFICER_STRINGS else STRINGS[key]
    text = en if language() == "en" else vi
    return text.format(**values) if values else text


def lang_index() -> int:
    return 1 if language() == "en" else 0


def status_label(status: CaseStatus | str) -> str:
    status = CaseStatus(status)
    return LABELS_EN[status] if language() == "en" else LABELS_VI[status]


def legal_label(key: str) -> str:
    return LEGAL_LABELS.get(key, (key, key))[lang_index()]


def urgency_label(key: str) -> str:
    return URGENCY_LABELS.get(key, (key, key))[lang_index()]


def clock_text(clock: ClockState) -> str:
    text = f"{CLOCK_ICONS[clock.state]} {ot(f'clock.{clock.state.value}')}"
    if clock.state in (Clock.on_track, Clock.at_risk):
        text += f" ({ot('clock.days_left', n=clock.working_days_left)})"
    return text


def clock_badge(clock: ClockState) -> None:
    st.badge(clock_text(clock).split(" ", 1)[1], color=CLOCK_BADGES[clock.state])  # type: ignore[arg-type]


def when(moment: datetime | None) -> str:
    return local_time(moment.isoformat()) if moment else "—"


def conflict_banner(newer: Case, on_reload) -> None:
    """The newer state after a conflicting edit, and a button to reload it; nothing is overwritten."""
    last = newer.history[-1] if newer.history else None
    st.error(f"**{CONFLICT}**\n\n"
             + ot("case.conflict_detail", status=status_label(newer.status), assignee=newer.assignee or "—",
                  at=when(newer.updated_at), actor=last.actor if last else "—"), icon=":material/sync_problem:")
    st.button(ot("case.reload"), icon=":material/refresh:", key="case_reload", on_click=on_reload, type="primary")
