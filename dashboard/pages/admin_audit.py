"""Nhật ký: search the append-only audit index (who, when, what, before/after). The application
offers no edit or delete of it; reading it is for admins only (``triage.policy.can_read_audit``)."""
from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from dashboard import auth, data
from dashboard.i18n import t
from dashboard.labels import TIME_ZONE
from dashboard.results import local_time
from triage.policy import can_read_audit

LOCAL = ZoneInfo(TIME_ZONE)


def render() -> None:
    user = auth.require_page("admin_audit")
    if not can_read_audit(user):
        st.stop()
    st.title(t("admin.audit.title"), anchor=False)
    st.caption(f"{t('admin.audit.caption')} {t('common.times')}")
    cols = st.columns(4)
    actor = cols[0].text_input(t("admin.audit.actor"), key="aa_actor").strip() or None
    action = cols[1].text_input(t("admin.audit.action"), key="aa_action", placeholder="case.view_personal_data"
                                ).strip() or None
    target = cols[2].text_input(t("admin.audit.target"), key="aa_target").strip() or None
    days = cols[3].date_input(t("explore.period"), value=(), key="aa_period", format="DD/MM/YYYY",
                              max_value=date.today() + timedelta(days=1))
    personal = st.checkbox(t("admin.audit.personal"), key="aa_personal")
    since = datetime.combine(days[0], time(), LOCAL) if len(days) > 0 else None
    until = datetime.combine(days[-1] + timedelta(days=1), time(), LOCAL) if len(days) > 0 else None
    page = data.audit_events(data.where(), actor=actor, action=action, target_id=target,
                             personal_data=True if personal else None, since=since, until=until)
    st.markdown(f"**{t('common.results', n=page.total)}**")
    if page.events:
        st.dataframe(pd.DataFrame([{"at": local_time(e.at.isoformat()), "actor": e.actor, "role": e.role,
                                    "action": e.action, "target": f"{e.target_type}:{e.target_id}",
                                    "personal data": e.personal_data,
                                    "before": json.dumps(e.before, ensure_ascii=False) if e.before else "",
                                    "after": json.dumps(e.after, ensure_ascii=False) if e.after else "",
                                    "detail": e.detail or ""} for e in page.events]),
                     hide_index=True, width="stretch")


if __name__ == "__main__":
    render()
