"""Dashboard users: a YAML file of names, roles and Argon2 password hashes (argon2-cffi), and the
role mapping for an OIDC provider when one is configured (Streamlit's ``st.login``)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from core.errors import ConfigError, InvalidInput, LangNgheError
from core.settings import Settings
from triage.policy import Role, User


class AuthenticationFailed(LangNgheError):
    hint = "Check the user name and password (Vietnamese keyboard off?)."


class UserRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    role: Role
    unit: str | None = None
    display_name: str = ""
    password_hash: str

    @model_validator(mode="after")
    def _checks(self) -> UserRecord:
        if not self.password_hash.startswith("$argon2"):
            raise ValueError(f"user {self.name}: password_hash must be an Argon2 hash (`langnghe users add`)")
        if self.role == Role.unit_handler and not self.unit:
            raise ValueError(f"user {self.name}: a unit_handler needs a unit")
        return self

    def user(self) -> User:
        return User(self.name, self.role, self.unit, self.display_name or self.name)


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def load_users(path: Path) -> list[UserRecord]:
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return [UserRecord.model_validate(u) for u in data.get("users", [])]
    except (yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"{path} is not valid: {exc}", "Fix the file or re-add the user with `langnghe users add`.") from exc


def authenticate(settings: Settings, name: str, password: str) -> User:
    from argon2.exceptions import InvalidHashError, VerificationError

    for record in load_users(settings.users_file):
        if record.name == name:
            try:
                _hasher().verify(record.password_hash, password)
            except (VerificationError, InvalidHashError):
                break
            return record.user()
    else:
        _hasher().hash(password)  # same work whether or not the user exists
    raise AuthenticationFailed("Sai tên đăng nhập hoặc mật khẩu / wrong user name or password.")


def add_user(path: Path, *, name: str, role: str, password: str, unit: str | None = None,
             display_name: str = "") -> UserRecord:
    """Add or replace one user, storing only the Argon2 hash of the password."""
    if len(password) < 8:
        raise InvalidInput("The password must have at least 8 characters.")
    try:
        record = UserRecord(name=name, role=Role(role), unit=unit, display_name=display_name,
                            password_hash=_hasher().hash(password))
    except (ValueError, ValidationError) as exc:
        raise InvalidInput(f"Cannot add user {name}: {exc}",
                           f"Roles: {', '.join(r.value for r in Role)}; a unit_handler needs --unit.") from exc
    others = [u for u in load_users(path) if u.name != name]
    doc = {"users": [u.model_dump(mode="json", exclude_none=True) for u in [*others, record]]}
    path.write_text("# Dashboard users. Passwords are Argon2 hashes only: add users with `langnghe users add`.\n"
                    + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return record


_ROLE_RANK = [Role.admin, Role.supervisor, Role.officer, Role.unit_handler, Role.communications]


def user_from_oidc(settings: Settings, claims: dict[str, Any]) -> User:
    """Map an OIDC identity (``st.user``'s claims) to a role: the strongest role any of the
    user's groups maps to in ``oidc_role_map``; no mapped group → AccessDenied-like error."""
    groups = claims.get(settings.oidc_role_claim) or []
    groups = [groups] if isinstance(groups, str) else list(groups)
    roles = {Role(settings.oidc_role_map[g]) for g in groups if g in settings.oidc_role_map}
    if not roles:
        raise AuthenticationFailed(f"No role for {claims.get('email') or claims.get('sub')}: none of the groups "
                                   f"{groups} is in LANGNGHE_OIDC_ROLE_MAP.", "Ask an admin to map your group to a role.")
    role = next(r for r in _ROLE_RANK if r in roles)
    unit = claims.get(settings.oidc_unit_claim)
    if role == Role.unit_handler and not unit:
        raise AuthenticationFailed(f"A unit handler needs the '{settings.oidc_unit_claim}' claim.")
    name = str(claims.get("email") or claims.get("preferred_username") or claims["sub"])
    return User(name, role, unit, str(claims.get("name") or name))
