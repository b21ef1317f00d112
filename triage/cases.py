"""Case operations: open, promote, assign, move through the workflow, merge, note, reply.

Every operation takes the version the officer opened (``CaseVersion``), the acting user and the
clock (``now``), writes with ``if_seq_no`` (a concurrent edit raises ``CaseConflict`` with the
newer case) and appends an audit event. Nothing here calls ``now()``.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from elasticsearch import Elasticsearch

from core.case_schema import AuditEvent, Case, CaseEvent, CaseStatus, Channel, Note, Reporter
from core.errors import InvalidInput, LangNgheError
from core.schema import Place
from core.settings import Settings
from store.audit import ensure_audit_index, record
from store.cases import (
    CaseConflict,
    CaseVersion,
    claim_link,
    create_case,
    ensure_cases_index,
    get_case,
    linked_case_id,
    next_case_id,
    recently_closed,
    save_case,
)
from store.incidents import ensure_incidents_index
from triage.deadlines import TZ, due_date
from triage.policy import AccessDenied, User, can_see_personal_data, require_edit, visible_case
from triage.priority import compute_priority
from triage.routing import route
from triage.workflow import check_transition

_AUDITED = ("status", "assignee", "unit", "priority", "due_at", "reply", "master_id", "reject_reason", "legal_type",
            "topic", "linked_posts", "linked_requests", "merged_ids")


def ensure_triage_indices(client: Elasticsearch, settings: Settings) -> None:
    """Create the cases, case-keys, incidents and audit indices when missing (idempotent)."""
    ensure_cases_index(client, settings)
    ensure_incidents_index(client, settings)
    ensure_audit_index(client, settings)


# --- opening cases --------------------------------------------------------------------------

def new_case(client: Elasticsearch, settings: Settings, *, key: str, now: datetime, actor: User,
             build: dict[str, Any]) -> CaseVersion:
    """Open the case for one item exactly once: the link claim decides which case owns ``key``."""
    existing = linked_case_id(client, settings, key)
    if existing is None:
        received: datetime = build["received_at"]
        existing = claim_link(client, settings, key, next_case_id(client, settings, received.astimezone(TZ).year))
    case = _assemble(client, settings, existing, now, actor, build)
    opened = create_case(client, settings, case)
    if opened.case == case:
        _audit(client, settings, actor, now, "case.create", case.id, None, case, detail=key)
    return opened


def _assemble(client: Elasticsearch, settings: Settings, case_id: str, now: datetime, actor: User,
              b: dict[str, Any]) -> Case:
    place: Place | None = b.get("place")
    text = f"{b['title']}\n{b['description']}"
    r = route(settings, topic=b["topic"], legal_type=b["legal_type"], place=place, text=text)
    due = due_date(settings, received_at=b["received_at"], legal_type=b["legal_type"], topic=b["topic"])
    prio = compute_priority(urgency=b["urgency"], legal_type=b["legal_type"],
                            reporters=b.get("report_count") or max(1, len(b["reporters"])), text=text)
    came_back = None
    if place and place.ward_code:
        back = recently_closed(client, settings, topic=b["topic"], ward_code=place.ward_code,
                               since=b["received_at"] - timedelta(days=settings.recurrence_days))
        came_back = back.id if back else None
    event = CaseEvent(at=b["received_at"], actor=actor.name, action="created", to_status=CaseStatus.new,
                      detail=f"routed by rule {r.rule} to {r.unit}; deadline {due.rule}"
                             + (f"; came back after {came_back}" if came_back else ""))
    return Case(id=case_id, title=b["title"][:300], description=b["description"], channel=b["channel"],
                linked_posts=b.get("linked_posts", []), linked_requests=b.get("linked_requests", []),
                linked_incidents=b.get("linked_incidents", []), topic=b["topic"], legal_type=b["legal_type"],
                urgency=b["urgency"], priority=prio.score, priority_factors=prio.factors, place=place,
                ward_code=place.ward_code if place else None, unit=r.unit, routing_rule=r.rule,
                received_at=b["received_at"], due_at=due.due_at, deadline_rule=due.rule, came_back_from=came_back,
                history=[event], reporters=b["reporters"], created_at=b["received_at"], updated_at=b["received_at"],
                demo=b.get("demo", False))


def open_case_from_request(client: Elasticsearch, settings: Settings, request: Any, *, now: datetime,
                           actor: User, legal_type: str = "phan_anh", urgency: str = "medium",
                           place: Place | None = None) -> CaseVersion:
    """A citizen service request becomes a case at once; the same request never makes two.

    ``request`` is a stored ``core.service_request.ServiceRequest`` or a mapping with its Open311
    fields (service_request_id, service_code = a taxonomy key, description, address,
    requested_datetime; personal data under ``personal`` or top-level first_name, last_name,
    email, phone). ``legal_type``, ``urgency`` and ``place`` come from the classifiers."""
    r = request_fields(request)
    for field in ("service_request_id", "service_code", "description", "requested_datetime"):
        if not r.get(field):
            raise InvalidInput(f"The service request has no {field}; no case was opened.")
    received = r["requested_datetime"]
    personal = r.get("personal") or {}
    name = " ".join(p for p in (_pick(r, personal, "first_name"), _pick(r, personal, "last_name")) if p) or None
    rid = str(r["service_request_id"])
    reporter = Reporter(name=name, email=_pick(r, personal, "email"), phone=_pick(r, personal, "phone"),
                        address=r.get("address"), channel=Channel.request, item_id=rid, added_at=received)
    if place is None and r.get("address"):
        place = Place(mention=r["address"])
    text = " ".join(r["description"].split())
    return new_case(client, settings, key=f"request:{rid}", now=now, actor=actor, build={
        "title": text[:160], "description": text, "channel": Channel.request,
        "linked_requests": [rid], "topic": r["service_code"], "legal_type": legal_type, "urgency": urgency,
        "place": place, "received_at": received, "reporters": [reporter], "demo": bool(r.get("demo"))})


def request_fields(request: Any) -> dict[str, Any]:
    """The Open311 fields of a ServiceRequest model or mapping, times parsed."""
    r = request.model_dump() if hasattr(request, "model_dump") else dict(request)
    when = r.get("requested_datetime")
    if isinstance(when, str):
        r["requested_datetime"] = datetime.fromisoformat(when)
    return r


def _pick(r: dict[str, Any], personal: dict[str, Any], key: str) -> str | None:
    return personal.get(key) or r.get(key)


def promote_to_case(client: Elasticsearch, settings: Settings, item: Any, *, now: datetime, actor: User,
                    legal_type: str | None = None, urgency: str | None = None) -> CaseVersion:
    """An officer turns a post (core.schema.Post) or an incident into a case, keeping the link."""
    from core.case_schema import Incident
    from core.schema import Post
    from store.incidents import set_incident_case

    if isinstance(item, Incident):
        build = _from_incident(item, legal_type, urgency)
        opened = new_case(client, settings, key=f"incident:{item.id}", now=now, actor=actor, build=build)
        set_incident_case(client, settings, item.id, opened.case.id)
        return opened
    if isinstance(item, Post):
        return new_case(client, settings, key=f"post:{item.id}", now=now, actor=actor, build=_from_post(item, legal_type, urgency))
    raise InvalidInput(f"Only a post or an incident can be promoted to a case, not {type(item).__name__}.")


def _from_post(post: Any, legal_type: str | None, urgency: str | None) -> dict[str, Any]:
    e = post.enrichment
    received = post.published_at or post.collected_at
    return {"title": (post.title or post.text)[:160], "description": post.text, "channel": Channel.post,
            "linked_posts": [post.id], "topic": (e.topic if e and e.topic else "khac"),
            "legal_type": legal_type or (e.legal_type if e and e.legal_type else "phan_anh"),
            "urgency": urgency or (e.urgency if e and e.urgency else "medium"),
            "place": e.places[0] if e and e.places else None, "received_at": received, "demo": post.demo,
            "reporters": [Reporter(name=post.author, channel=Channel.post, item_id=post.id, added_at=received)]
            if post.author else []}


def _from_incident(inc: Any, legal_type: str | None, urgency: str | None) -> dict[str, Any]:
    from triage.incidents import REQUEST_PREFIX

    requests = [m.removeprefix(REQUEST_PREFIX) for m in inc.member_ids if m.startswith(REQUEST_PREFIX)]
    posts = [m for m in inc.member_ids if not m.startswith(REQUEST_PREFIX)]
    place = Place(mention=inc.ward or inc.ward_code, ward_code=inc.ward_code, ward=inc.ward) if inc.ward_code else None
    return {"title": inc.title[:160], "description": "\n---\n".join(inc.texts) or inc.title, "channel": Channel.incident,
            "linked_posts": posts, "linked_requests": requests, "linked_incidents": [inc.id], "topic": inc.topic,
            "legal_type": legal_type or "phan_anh", "urgency": urgency or "medium", "place": place,
            "received_at": inc.first_seen, "reporters": [], "report_count": inc.count, "demo": inc.demo}


# --- changing cases --------------------------------------------------------------------------

def _change(client: Elasticsearch, settings: Settings, opened: CaseVersion, actor: User, now: datetime,
            action: str, event: CaseEvent | None, **fields: Any) -> CaseVersion:
    require_edit(opened.case, actor)
    if opened.redacted:
        raise InvalidInput(f"Hồ sơ {opened.case.id} được mở ở dạng đã che thông tin cá nhân: không thể lưu từ bản này. / "
                           f"Case {opened.case.id} was opened with personal data hidden; edit it from the stored case "
                           "(store.cases.get_case), or nothing of the reporters would be kept.")
    history = opened.case.history + ([event] if event else [])
    changed = opened.case.model_copy(update=fields | {"history": history, "updated_at": now})
    changed = Case.model_validate(changed.model_dump())
    saved = save_case(client, settings, opened, changed)
    _audit(client, settings, actor, now, action, changed.id, opened.case, changed)
    return saved


def transition(client: Elasticsearch, settings: Settings, opened: CaseVersion, to: CaseStatus | str, *,
               actor: User, now: datetime, reason: str | None = None) -> CaseVersion:
    to = CaseStatus(to)
    case = opened.case
    if to == CaseStatus.duplicate:
        raise InvalidInput("Use merge_duplicate to mark a case as a duplicate of a master case.")
    if to == CaseStatus.assigned and not case.assignee:
        raise InvalidInput(f"Hồ sơ {case.id} chưa có người xử lý / the case has no assignee.", "Use assign(…) to give it to someone.")
    check_transition(case.id, case.status, to)
    if to == CaseStatus.rejected and not (reason and reason.strip()):
        raise InvalidInput("Từ chối cần lý do / a rejection needs a reason.", "Give the reason the citizen will read.")
    fields: dict[str, Any] = {"status": to}
    if to == CaseStatus.resolved:
        fields |= {"resolved_at": now, "resolved_on_time": case.due_at is None or now <= case.due_at}
    elif to == CaseStatus.closed:
        fields["closed_at"] = now
    elif to == CaseStatus.rejected:
        fields |= {"reject_reason": reason.strip(), "closed_at": now}  # type: ignore[union-attr]
    elif to == CaseStatus.reopened:
        fields |= {"closed_at": None, "resolved_at": None, "resolved_on_time": None}
    event = CaseEvent(at=now, actor=actor.name, action="transition", from_status=case.status, to_status=to, detail=reason)
    return _change(client, settings, opened, actor, now, "case.transition", event, **fields)


def assign(client: Elasticsearch, settings: Settings, opened: CaseVersion, assignee: str, *, actor: User,
           now: datetime, unit: str | None = None) -> CaseVersion:
    """Give the case to ``assignee`` (and optionally another unit); a new or reopened case becomes assigned."""
    case = opened.case
    status = case.status
    if status in (CaseStatus.new, CaseStatus.reopened):
        check_transition(case.id, status, CaseStatus.assigned)
        status = CaseStatus.assigned
    elif status not in (CaseStatus.assigned, CaseStatus.in_progress):
        check_transition(case.id, status, CaseStatus.assigned)
    event = CaseEvent(at=now, actor=actor.name, action="assign", from_status=case.status, to_status=status,
                      detail=f"→ {assignee}" + (f" ({unit})" if unit else ""))
    return _change(client, settings, opened, actor, now, "case.assign", event, assignee=assignee, status=status,
                   unit=unit or case.unit)


def bulk_assign(client: Elasticsearch, settings: Settings, case_ids: Iterable[str], assignee: str, *, actor: User,
                now: datetime, unit: str | None = None) -> dict[str, str]:
    """Assign many cases; each is read fresh and written safely. Returns ``{case id: "ok" | why not}``."""
    results = {}
    for case_id in case_ids:
        try:
            assign(client, settings, get_case(client, settings, case_id), assignee, actor=actor, now=now, unit=unit)
            results[case_id] = "ok"
        except (CaseConflict, LangNgheError) as exc:
            results[case_id] = exc.message
    return results


def add_note(client: Elasticsearch, settings: Settings, opened: CaseVersion, text: str, *, actor: User,
             now: datetime) -> CaseVersion:
    if not text.strip():
        raise InvalidInput("An empty note was not added.")
    notes = [*opened.case.notes, Note(at=now, author=actor.name, text=text.strip())]
    event = CaseEvent(at=now, actor=actor.name, action="note")
    return _change(client, settings, opened, actor, now, "case.note", event, notes=notes)


def set_reply(client: Elasticsearch, settings: Settings, opened: CaseVersion, reply: str, *, actor: User,
              now: datetime) -> CaseVersion:
    if not reply.strip():
        raise InvalidInput("An empty reply was not saved.")
    event = CaseEvent(at=now, actor=actor.name, action="reply", detail=reply.strip()[:500])
    return _change(client, settings, opened, actor, now, "case.reply", event, reply=reply.strip())


def merge_duplicate(client: Elasticsearch, settings: Settings, duplicate: CaseVersion, master: CaseVersion, *,
                    actor: User, now: datetime) -> tuple[CaseVersion, CaseVersion]:
    """Mark ``duplicate`` as merged into ``master``; the master gains its linked items and reporters.
    The master is written first: a retry after a conflict on the duplicate merges nothing twice."""
    dup, mas = duplicate.case, master.case
    if dup.id == mas.id:
        raise InvalidInput("A case cannot be merged into itself.")
    if mas.status == CaseStatus.duplicate:
        raise InvalidInput(f"{mas.id} is itself a duplicate of {mas.master_id}; merge into that case.")
    check_transition(dup.id, dup.status, CaseStatus.duplicate)
    union = lambda a, b: a + [x for x in b if x not in a]  # noqa: E731
    known = {(r.channel, r.item_id, r.name) for r in mas.reporters}
    reporters = mas.reporters + [r for r in dup.reporters if (r.channel, r.item_id, r.name) not in known]
    count = len(reporters) or 1
    text = f"{mas.title}\n{mas.description}"
    prio = compute_priority(urgency=mas.urgency, legal_type=mas.legal_type, reporters=count, text=text)
    event = CaseEvent(at=now, actor=actor.name, action="merge", detail=f"gộp / merged {dup.id}")
    new_master = _change(client, settings, master, actor, now, "case.merge", event,
                         linked_posts=union(mas.linked_posts, dup.linked_posts),
                         linked_requests=union(mas.linked_requests, dup.linked_requests),
                         linked_incidents=union(mas.linked_incidents, dup.linked_incidents),
                         merged_ids=union(mas.merged_ids, [dup.id]), reporters=reporters,
                         priority=max(mas.priority, prio.score),
                         priority_factors=prio.factors if prio.score > mas.priority else mas.priority_factors)
    event = CaseEvent(at=now, actor=actor.name, action="transition", from_status=dup.status,
                      to_status=CaseStatus.duplicate, detail=f"trùng với / duplicate of {mas.id}")
    new_dup = _change(client, settings, duplicate, actor, now, "case.transition", event,
                      status=CaseStatus.duplicate, master_id=mas.id, closed_at=now)
    return new_dup, new_master


# --- reading a case for a user -----------------------------------------------------------------

def view_case(client: Elasticsearch, settings: Settings, case_id: str, *, user: User, now: datetime) -> CaseVersion:
    """The case detail as ``user`` may see it; a view that shows personal data is audited."""
    opened = get_case(client, settings, case_id)
    shown = visible_case(opened.case, user)
    if shown is None:
        raise AccessDenied(f"{user.name} không được xem hồ sơ {case_id} / may not view case {case_id}.")
    if shown.reporters and can_see_personal_data(opened.case, user):
        _audit(client, settings, user, now, "case.view_personal_data", case_id, None, None,
               detail=f"{len(shown.reporters)} reporters shown", personal=True)
    return CaseVersion(shown, opened.seq_no, opened.primary_term, redacted=shown != opened.case)


def _audit(client: Elasticsearch, settings: Settings, actor: User, now: datetime, action: str, target: str,
           before: Case | None, after: Case | None, *, detail: str | None = None, personal: bool = False) -> None:
    b = before.model_dump(mode="json", include=set(_AUDITED)) if before else None
    a = after.model_dump(mode="json", include=set(_AUDITED)) if after else None
    if b and a:
        keys = [k for k in _AUDITED if b.get(k) != a.get(k)]
        b, a = {k: b.get(k) for k in keys}, {k: a.get(k) for k in keys}
    record(client, settings, AuditEvent(at=now, actor=actor.name, role=actor.role, action=action, target_type="case",
                                        target_id=target, personal_data=personal, before=b, after=a, detail=detail))
