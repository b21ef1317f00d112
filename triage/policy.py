"""Who may see and do what. Every read of a case for a user goes through here.

- communications: cases without personal data (no reporters, notes or reply); post authors
  pseudonymised with a keyed hash;
- officer: every case; personal data except a denouncer's (tố cáo) unless assigned to them;
- unit_handler: only their unit's cases (``case_filters`` adds the query filter), same data rule;
- supervisor: everything, denouncers included;
- admin: users, audit and every case, but not a denouncer's identity.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from core.case_schema import Case
from core.errors import LangNgheError
from core.schema import LegalType


class Role(StrEnum):
    communications = "communications"
    officer = "officer"
    unit_handler = "unit_handler"
    supervisor = "supervisor"
    admin = "admin"


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    unit: str | None = None
    display_name: str = ""


SYSTEM = User("system", Role.supervisor, display_name="Lắng Nghe")


class AccessDenied(LangNgheError):
    hint = "Ask a supervisor if you need access to this case."


def case_filters(user: User) -> list[dict[str, Any]]:
    """Query filters every case search for ``user`` must carry."""
    if user.role == Role.unit_handler:
        return [{"term": {"unit": user.unit or "-"}}]
    return []


def can_see_case(case: Case, user: User) -> bool:
    return user.role != Role.unit_handler or case.unit == user.unit


def can_see_personal_data(case: Case, user: User) -> bool:
    if user.role == Role.communications or not can_see_case(case, user):
        return False
    if case.legal_type == LegalType.to_cao:
        return user.role == Role.supervisor or (case.assignee == user.name and user.role in (Role.officer, Role.unit_handler))
    return True


def can_edit_case(case: Case, user: User) -> bool:
    return user.role in (Role.officer, Role.supervisor) or (user.role == Role.unit_handler and case.unit == user.unit)


def can_read_audit(user: User) -> bool:
    return user.role == Role.admin


def require_edit(case: Case, user: User) -> None:
    if not can_edit_case(case, user):
        raise AccessDenied(f"{user.name} ({user.role}) không được sửa hồ sơ {case.id} / may not change case {case.id}.")


def visible_case(case: Case, user: User) -> Case | None:
    """The case as ``user`` may see it: None when not at all, personal data removed when not allowed."""
    if not can_see_case(case, user):
        return None
    if can_see_personal_data(case, user):
        return case
    hidden: dict[str, Any] = {"reporters": []}
    if user.role == Role.communications:
        hidden |= {"notes": [], "reply": None}
    return case.model_copy(update=hidden)


def pseudonymise(author: str | None, key: str) -> str | None:
    """A stable pseudonym for a post author: the same author gets the same pseudonym, and
    without the key it cannot be reversed by hashing candidate names."""
    if not author:
        return author
    digest = hmac.new(key.encode(), author.strip().lower().encode(), hashlib.sha256).hexdigest()
    return f"user-{digest[:12]}"


def visible_author(author: str | None, user: User, key: str) -> str | None:
    return pseudonymise(author, key) if user.role == Role.communications else author


def visible_text(text: str | None, user: User) -> str | None:
    """Post text as ``user`` may see it: communications staff get phone numbers, e-mail
    addresses, @mentions and URLs masked (officers see what was written)."""
    if text is None or user.role != Role.communications:
        return text
    from nlp.normalize import mask_pii

    return mask_pii(text)
