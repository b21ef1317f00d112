"""Hủy đăng ký: the link at the foot of every digest (``/unsubscribe?email=…&token=…``). The token
is the digest's signed token for that address; no login is needed, and a bad token changes nothing."""
from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from core.settings import get_settings
from dashboard import data
from dashboard.i18n import t
from dashboard.results import md_escape


def render() -> None:
    st.title(t("unsub.title"), anchor=False)
    email = (st.query_params.get("email") or "").strip()
    token = (st.query_params.get("token") or "").strip()
    if not email or not token:
        st.warning(t("unsub.missing"), icon=":material/link_off:")
        return
    outcome = unsubscribe(email, token)
    message = t(f"unsub.{outcome}", email=md_escape(email))
    if outcome == "done":
        st.success(message, icon=":material/check_circle:")
    elif outcome == "unknown":
        st.info(message)
    else:
        st.error(message, icon=":material/error:")


def unsubscribe(email: str, token: str) -> str:
    """'done', 'unknown' (a valid link for an address not subscribed) or 'bad' (token mismatch)."""
    from notify.digest import check_unsubscribe_token
    from store.notify import get_subscription, save_subscription

    settings = get_settings()
    if not check_unsubscribe_token(settings, email, token):
        return "bad"
    with data.changing("subscriptions") as es:
        subscription = get_subscription(es, settings, email)
        if subscription is None:
            return "unknown"
        if subscription.unsubscribed_at is None:
            save_subscription(es, settings, subscription.model_copy(update={"unsubscribed_at": datetime.now(UTC)}))
    return "done"


if __name__ == "__main__":
    render()
