"""The case workflow: which status may follow which, refused with a clear bilingual message.

new → assigned → in_progress → resolved → closed, plus reopened, duplicate (merged into a master
case) and rejected (with a reason). ``duplicate`` is reached only through ``merge_duplicate``.
"""
from __future__ import annotations

from core.case_schema import CaseStatus as S
from core.errors import LangNgheError

ALLOWED: dict[S, frozenset[S]] = {
    S.new: frozenset({S.assigned, S.rejected, S.duplicate}),
    S.assigned: frozenset({S.in_progress, S.rejected, S.duplicate}),
    S.in_progress: frozenset({S.resolved, S.rejected, S.duplicate}),
    S.resolved: frozenset({S.closed, S.reopened}),
    S.closed: frozenset({S.reopened}),
    S.reopened: frozenset({S.assigned, S.in_progress, S.rejected, S.duplicate}),
    S.rejected: frozenset({S.reopened}),
    S.duplicate: frozenset(),
}

LABELS_VI = {S.new: "Mới", S.assigned: "Đã giao", S.in_progress: "Đang xử lý", S.resolved: "Đã giải quyết",
             S.closed: "Đã đóng", S.reopened: "Mở lại", S.duplicate: "Trùng lặp", S.rejected: "Từ chối"}
LABELS_EN = {S.new: "new", S.assigned: "assigned", S.in_progress: "in progress", S.resolved: "resolved",
             S.closed: "closed", S.reopened: "reopened", S.duplicate: "duplicate", S.rejected: "rejected"}


class IllegalTransition(LangNgheError):
    pass


def check_transition(case_id: str, current: S, target: S) -> None:
    if target in ALLOWED[current]:
        return
    allowed = sorted(ALLOWED[current])
    raise IllegalTransition(
        f"Không thể chuyển hồ sơ {case_id} từ «{LABELS_VI[current]}» sang «{LABELS_VI[target]}». / "
        f"Case {case_id} cannot go from '{LABELS_EN[current]}' to '{LABELS_EN[target]}'.",
        "Được phép / allowed: " + (", ".join(f"{LABELS_VI[s]} ({LABELS_EN[s]})" for s in allowed)
                                   if allowed else "không có — hồ sơ đã kết thúc / none: the case is final"))
