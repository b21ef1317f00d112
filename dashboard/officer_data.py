"""Reads and writes of the officers' pages, all through the triage library and ``store.cases``.

Reads for a user always carry ``triage.policy.case_filters(user)``; a case is opened through
``triage.cases.view_case`` (which audits every view of personal data) and kept, with the version
it was read at, in the session state. A write re-reads the full case and goes ahead only if it is
still at that version (the triage functions then write with ``if_seq_no``): the view a user holds
may lack personal data, and writing it back would erase the reporters. Any newer version is a
``CaseConflict`` — never a silent overwrite.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import streamlit as st
from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch import exceptions as es_exceptions

from core.case_schema import Case, CaseStatus, Incident
from core.errors import ElasticsearchUnavailable, InvalidInput, LangNgheError
from core.settings import get_settings
from dashboard import data
from dashboard.data import Where
from store.cases import CaseConflict, CasePage, CaseVersion, QueueFilter, UnitRow, get_case
from triage.policy import AccessDenied, Role, User, case_filters, visible_case

TTL = 30
ASSIGNABLE = (Role.officer, Role.unit_handler, Role.supervisor)
CORRECTABLE = ("topic", "urgency", "legal_type", "complaint")


def now() -> datetime:
    """The page's clock: read once at the boundary and passed to the library."""
    return datetime.now(UTC)


@contextmanager
def _cluster(w: Where) -> Iterator[Elasticsearch]:
    try:
        yield data.client(w.endpoint)
    except (es_exceptions.ConnectionError, es_exceptions.ConnectionTimeout) as exc:
        raise ElasticsearchUnavailable(f"Elasticsearch is not reachable at {w.endpoint}.") from exc


# --- reads ---------------------------------------------------------------------------------------

@st.cache_data(ttl=TTL, show_spinner=False)
def queue(w: Where, user: User, f: QueueFilter, page: int, page_size: int) -> CasePage:
    """The triage queue as ``user`` may see it (their policy filters are always applied)."""
    from store.cases import triage_queue

    with _cluster(w) as es:
        try:
            return triage_queue(es, get_settings(), f, policy_filters=case_filters(user), size=page_size,
                                offset=(page - 1) * page_size)
        except NotFoundError:
            return CasePage(0, [])


@st.cache_data(ttl=TTL, show_spinner=False)
def units_report(w: Where, user: User, start: datetime, end: datetime, at: datetime) -> list[UnitRow]:
    from store.cases import units_report as report

    with _cluster(w) as es:
        try:
            return report(es, get_settings(), start=start, end=end, now=at, policy_filters=case_filters(user))
        except NotFoundError:
            return []


@st.cache_data(ttl=TTL, show_spinner=False)
def incident(w: Where, incident_id: str) -> Incident | None:
    from store.incidents import IncidentNotFound, get_incident

    with _cluster(w) as es:
        try:
            return get_incident(es, get_settings(), incident_id)
        except (IncidentNotFound, NotFoundError):
            return None


@st.cache_resource(show_spinner=False)
def unit_names() -> dict[str, str]:
    """Unit id → display name: the units of config/units.yaml and every ward's People's Committee."""
    from triage.config import load_units

    names = {u.id: u.name for u in load_units(get_settings().units_file).units}
    names |= {f"ubnd-{code}": f"UBND {name}" for code, (name, _, _) in data.ward_names().items()}
    return names


def unit_name(unit_id: str) -> str:
    return unit_names().get(unit_id, unit_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def assignees() -> list[str]:
    """Users a case can be given to (officers, unit handlers, supervisors of the users file)."""
    from triage.users import load_users

    return [u.name for u in load_users(get_settings().users_file) if u.role in ASSIGNABLE]


def reply_templates_path() -> Path:
    return get_settings().units_file.parent / "reply_templates.yaml"


def reply_templates() -> list[dict[str, str]]:
    path = reply_templates_path()
    return _templates(path, path.stat().st_mtime_ns if path.exists() else 0)


@lru_cache(maxsize=4)
def _templates(path: Path, mtime: int) -> list[dict[str, str]]:
    import yaml

    from core.errors import ConfigError

    if not mtime:
        return []
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))["templates"]
        return [{"id": str(i["id"]), "title": str(i["title"]), "text": str(i["text"])} for i in items]
    except (yaml.YAMLError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path} is not valid: {exc}", "Each template needs id, title and text.") from exc


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill_template(text: str, case: Case) -> str:
    """A template with the case's values in place of {case_id}, {ward}, {unit}, {received}, {due}, {title}."""
    from dashboard.officer_widgets import when

    place = case.place
    values = _Blank(case_id=case.id, ward=(place.ward if place and place.ward else "phường/xã nơi phản ánh"),
                    street=(place.street if place and place.street else ""), unit=unit_name(case.unit),
                    received=when(case.received_at), due=when(case.due_at), title=case.title)
    return text.format_map(values)


# --- opening a case ------------------------------------------------------------------------------

def open_case(user: User, case_id: str) -> CaseVersion:
    """The case as ``user`` may see it, with its version; the view of personal data is audited."""
    from triage.cases import view_case

    w = data.where()
    with _cluster(w) as es:
        return view_case(es, get_settings(), case_id, user=user, now=now())


def shown(version: CaseVersion, user: User) -> Case:
    """A case (e.g. the newer one of a conflict) reduced to what ``user`` may see."""
    case = visible_case(version.case, user)
    if case is None:
        raise AccessDenied(f"{user.name} không được xem hồ sơ {version.case.id} / may not view case {version.case.id}.")
    return case


def _full(es: Elasticsearch, opened: CaseVersion) -> CaseVersion:
    """The stored case, only if nobody changed it since ``opened`` was read."""
    current = get_case(es, get_settings(), opened.case.id)
    if (current.seq_no, current.primary_term) != (opened.seq_no, opened.primary_term):
        raise CaseConflict(current)
    return current


# --- writes (each one through the triage library; the caches forget afterwards) ----------------

def change(user: User, opened: CaseVersion, operation: Callable[..., CaseVersion], *args: Any,
           **kwargs: Any) -> CaseVersion:
    """Apply one triage operation to the case the user opened; returns the case as re-opened.

    Raises ``CaseConflict`` (with the newer version), ``IllegalTransition``, ``AccessDenied``,
    ``InvalidInput`` from the library."""
    with data.changing("cases") as es:
        operation(es, get_settings(), _full(es, opened), *args, actor=user, now=now(), **kwargs)
    return open_case(user, opened.case.id)


def merge_into(user: User, opened: CaseVersion, master_id: str) -> CaseVersion:
    from triage.cases import merge_duplicate

    master_id = master_id.strip().upper()
    if not master_id:
        raise InvalidInput("Nhập mã hồ sơ chính / enter the master case id.")
    with data.changing("cases") as es:
        master = get_case(es, get_settings(), master_id)
        if visible_case(master.case, user) is None:
            raise AccessDenied(f"{user.name} không được xem hồ sơ {master_id} / may not view case {master_id}.")
        merge_duplicate(es, get_settings(), _full(es, opened), master, actor=user, now=now())
    return open_case(user, opened.case.id)


def bulk_assign(user: User, case_ids: list[str], assignee: str, unit: str | None = None) -> dict[str, str]:
    from triage.cases import bulk_assign as assign_all

    with data.changing("cases") as es:
        return assign_all(es, get_settings(), case_ids, assignee, actor=user, now=now(), unit=unit)


def bulk_transition(user: User, case_ids: list[str], to: CaseStatus) -> dict[str, str]:
    """Move many cases through the workflow; each is read fresh and written with if_seq_no."""
    from triage.cases import transition

    results: dict[str, str] = {}
    with data.changing("cases") as es:
        for case_id in case_ids:
            try:
                transition(es, get_settings(), get_case(es, get_settings(), case_id), to, actor=user, now=now())
                results[case_id] = "ok"
            except LangNgheError as exc:
                results[case_id] = exc.message
    return results


def correct_label(user: User, case: Case, task: str, label: str, predicted: str | None) -> None:
    """Keep an officer's label correction for retraining (``<task>:<case id>``, the latest wins)."""
    from core.feedback_schema import LabelCorrection
    from store.feedback import save_correction

    if task not in CORRECTABLE:
        raise InvalidInput(f"{task} is not a label that can be corrected here.", f"One of {', '.join(CORRECTABLE)}.")
    correction = LabelCorrection(id=f"{task}:{case.id}", task=task, item_id=case.id,
                                 text=f"{case.title}\n{case.description}".strip(), label=label, predicted=predicted,
                                 corrected_by=user.name, corrected_at=now())
    with data.changing("label-corrections") as es:
        save_correction(es, get_settings(), correction)
