"""Quy tắc chuyển: the routing rules of config/routing.yaml in order (first match wins), and a
tester that asks the triage routing function which rule fires for a topic × ward × legal type."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.errors import LangNgheError
from core.schema import LegalType, Place
from core.settings import get_settings
from dashboard import auth, data
from dashboard.errors import show_error
from dashboard.i18n import language, t


def render() -> None:
    auth.require_page("admin_routing")
    from triage.config import load_routing

    settings = get_settings()
    st.title(t("admin.routing.title"), anchor=False)
    try:
        routing = load_routing(settings.routing_file, settings.units_file)
    except LangNgheError as exc:
        show_error(exc)
        return
    st.caption(t("admin.routing.file", path=settings.routing_file, fallback=routing.fallback.unit))
    st.dataframe(pd.DataFrame([{"#": i, "id": r.id, "unit": r.unit, "topic": ", ".join(r.topic or []),
                                "legal_type": ", ".join(r.legal_type or []), "wards": ", ".join(r.wards or []),
                                "areas": ", ".join(r.areas or []), "keywords": ", ".join(r.keywords or [])}
                               for i, r in enumerate(routing.rules, 1)]), hide_index=True, width="stretch")
    _tester()


def _tester() -> None:
    from triage.routing import route, unit_name

    st.subheader(t("admin.routing.try"), anchor=False)
    lang = 1 if language() == "en" else 0
    topics = data.topic_names()
    wards = data.ward_names()
    cols = st.columns(3)
    topic = cols[0].selectbox(t("explore.topic"), list(topics), key="ar_topic", format_func=lambda k: topics[k][lang])
    ward = cols[1].selectbox(t("explore.ward"), [None, *wards], key="ar_ward",
                             format_func=lambda c: "—" if c is None else wards[c][0])
    legal = cols[2].selectbox(t("admin.routing.legal"), [lt.value for lt in LegalType], key="ar_legal")
    text = st.text_input(t("admin.routing.text"), key="ar_text")
    place = Place(mention=wards[ward][0], ward_code=ward, ward=wards[ward][0]) if ward else None
    settings = get_settings()
    try:
        fired = route(settings, topic=topic, legal_type=legal, place=place, text=text)
        name = unit_name(settings, fired.unit, wards[ward][0] if ward else None)
    except LangNgheError as exc:
        show_error(exc)
        return
    st.success(t("admin.routing.result", rule=fired.rule, unit=fired.unit, name=name), icon=":material/alt_route:")


if __name__ == "__main__":
    render()
