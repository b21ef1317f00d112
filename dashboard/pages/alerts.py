"""Cảnh báo: the alert rules (saved search, ward, topic; threshold or spike against the same hour
of the week), who receives digests and alerts, and the alerts fired in the last seven days."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from core.errors import InvalidInput
from core.notify_schema import AlertRule, Subscription
from core.settings import get_settings
from dashboard import auth, data
from dashboard.errors import show_error
from dashboard.i18n import language, t
from dashboard.results import local_time, md_escape

NEW = "__new__"


def render() -> None:
    auth.require_page("alerts")
    st.title(t("alerts.title"), anchor=False)
    rules = data.alert_rules(data.where())
    st.subheader(t("alerts.rules"), anchor=False)
    if rules:
        st.dataframe(rules_frame(rules), hide_index=True, width="stretch")
    else:
        st.caption(t("alerts.none"))
    _rule_editor(rules)
    _recent()
    _recipients()


def rules_frame(rules: list[AlertRule]) -> pd.DataFrame:
    return pd.DataFrame([{"id": r.id, t("alerts.name"): r.name, "query": r.query or "", "ward": r.ward_code or "",
                          "topic": r.topic or "", t("alerts.window"): r.window_minutes,
                          t("alerts.threshold"): r.threshold or 0, t("alerts.spike"): r.spike_factor or 0,
                          "e-mail": ", ".join(r.emails), "webhook": ", ".join(r.webhooks),
                          t("alerts.enabled"): r.enabled} for r in rules])


def _rule_editor(rules: list[AlertRule]) -> None:
    by_id = {r.id: r for r in rules}
    chosen = st.selectbox(t("alerts.edit"), [NEW, *by_id], key="al_rule",
                          format_func=lambda k: t("alerts.new") if k == NEW else f"{by_id[k].name} ({k})")
    rule = by_id.get(chosen)
    lang = 1 if language() == "en" else 0
    topics = data.topic_names()
    wards = data.ward_names()
    with st.form(f"al_form_{chosen}"):
        left, right = st.columns(2)
        rule_id = left.text_input(t("alerts.id"), value=rule.id if rule else "", disabled=rule is not None)
        name = right.text_input(t("alerts.name"), value=rule.name if rule else "")
        query = st.text_input(t("explore.query"), value=(rule.query or "") if rule else "", help=t("explore.query_help"))
        left, right = st.columns(2)
        ward_options = [None, *wards]
        ward = left.selectbox(t("explore.ward"), ward_options, index=ward_options.index(rule.ward_code)
                              if rule and rule.ward_code in wards else 0,
                              format_func=lambda c: t("common.all") if c is None else wards[c][0])
        topic_options = [None, *topics]
        topic = right.selectbox(t("explore.topic"), topic_options, index=topic_options.index(rule.topic)
                                if rule and rule.topic in topics else 0,
                                format_func=lambda k: t("common.all") if k is None else topics[k][lang])
        cols = st.columns(4)
        window = cols[0].number_input(t("alerts.window"), 5, 1440, rule.window_minutes if rule else 60)
        threshold = cols[1].number_input(t("alerts.threshold"), 0, 100_000, (rule.threshold or 0) if rule else 0)
        spike = cols[2].number_input(t("alerts.spike"), 0.0, 100.0, float(rule.spike_factor or 0) if rule else 3.0)
        min_count = cols[3].number_input(t("alerts.min_count"), 1, 100_000, rule.min_count if rule else 5)
        left, right = st.columns(2)
        emails = left.text_area(t("alerts.emails"), value="\n".join(rule.emails) if rule else "")
        hooks = right.text_area(t("alerts.webhooks"), value="\n".join(rule.webhooks) if rule else "")
        enabled = st.checkbox(t("alerts.enabled"), value=rule.enabled if rule else True)
        saved = st.form_submit_button(t("common.save"), type="primary", icon=":material/save:")
    if saved:
        _save_rule(dict(id=rule_id.strip(), name=name.strip(), query=query.strip() or None, ward_code=ward,
                        topic=topic, window_minutes=int(window), threshold=int(threshold) or None,
                        spike_factor=float(spike) or None, min_count=int(min_count), emails=_lines(emails),
                        webhooks=_lines(hooks), enabled=enabled))
    if rule is not None and st.button(t("common.delete"), key="al_delete", icon=":material/delete:"):
        from store.notify import delete_rule

        with data.changing("alert-rules") as es:
            delete_rule(es, get_settings(), rule.id)
        st.session_state.pop("al_rule", None)
        st.toast(t("alerts.deleted", id=rule.id))
        st.rerun()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


def _save_rule(fields: dict) -> None:
    from store.notify import ensure_notify_indices, save_rule

    try:
        rule = AlertRule(**fields)
    except ValidationError as exc:
        show_error(InvalidInput(_problems(exc), "Sửa các ô được nêu rồi lưu lại."))
        return
    with data.changing("alert-rules") as es:
        ensure_notify_indices(es, get_settings())
        save_rule(es, get_settings(), rule)
    st.success(t("alerts.saved", id=rule.id))


def _problems(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())


def _recent() -> None:
    st.subheader(t("alerts.recent"), anchor=False)
    until = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    events = data.alerts_fired(data.where(), until - timedelta(days=7), until)
    if not events:
        st.caption(t("overview.no_spikes"))
        return
    st.dataframe(pd.DataFrame([{"rule": e.rule_name, "window": local_time(e.window_end.isoformat()),
                                "count": e.count, "baseline": round(e.baseline, 1), "reason": e.reason,
                                "delivered": sum(d.ok for d in e.deliveries), "link": e.link} for e in events]),
                 hide_index=True, width="stretch",
                 column_config={"link": st.column_config.LinkColumn(display_text="↗")})


def _recipients() -> None:
    st.subheader(t("alerts.recipients"), anchor=False)
    subs = data.subscriptions(data.where())
    if subs:
        st.dataframe(pd.DataFrame([{"email": s.email, "name": s.name, "groups": ", ".join(s.groups),
                                    "digest": s.digest, "alerts": s.alerts,
                                    "unsubscribed": local_time(s.unsubscribed_at.isoformat()) if s.unsubscribed_at
                                    else ""} for s in subs]), hide_index=True, width="stretch")
    with st.form("al_sub_form", clear_on_submit=True):
        left, right = st.columns(2)
        email = left.text_input(t("alerts.sub.email"))
        name = right.text_input(t("alerts.sub.name"))
        groups = st.text_input(t("alerts.sub.groups"), placeholder="role:communications, ward:26743")
        left, right = st.columns(2)
        digest = left.checkbox(t("alerts.sub.digest"), value=True)
        alerts = right.checkbox(t("alerts.sub.alerts"), value=True)
        saved = st.form_submit_button(t("common.save"), icon=":material/person_add:")
    if saved:
        _save_subscription(email, name, groups, digest, alerts)


def _save_subscription(email: str, name: str, groups: str, digest: bool, alerts: bool) -> None:
    from store.notify import ensure_notify_indices, get_subscription, save_subscription

    try:
        sub = Subscription(email=email.strip(), name=name.strip(), digest=digest, alerts=alerts,
                           groups=[g.strip() for g in groups.split(",") if g.strip()])
    except ValidationError as exc:
        show_error(InvalidInput(_problems(exc), "role:<vai trò>, ward:<mã phường>, unit:<mã đơn vị>."))
        return
    with data.changing("subscriptions") as es:
        ensure_notify_indices(es, get_settings())
        previous = get_subscription(es, get_settings(), sub.email)
        if previous is not None:  # an edit never undoes the person's own unsubscribe
            sub = sub.model_copy(update={"unsubscribed_at": previous.unsubscribed_at})
        save_subscription(es, get_settings(), sub)
    st.success(t("alerts.sub.saved", email=md_escape(sub.email)))


if __name__ == "__main__":
    render()
