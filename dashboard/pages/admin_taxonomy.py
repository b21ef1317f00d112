"""Chủ đề: the city's topic taxonomy as the classifiers use it. It is edited in its YAML file
(reviewed like code); this page shows the file, whether it is valid, and its topics."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.errors import LangNgheError
from dashboard import auth
from dashboard.errors import show_error
from dashboard.i18n import t


def render() -> None:
    auth.require_page("admin_taxonomy")
    from nlp.taxonomy import TAXONOMY_FILE, load_taxonomy

    st.title(t("admin.taxonomy.title"), anchor=False)
    st.caption(t("admin.taxonomy.file", path=TAXONOMY_FILE))
    try:
        taxonomy = load_taxonomy(TAXONOMY_FILE)
    except LangNgheError as exc:
        show_error(exc)
        return
    st.success(t("admin.taxonomy.valid", version=taxonomy.version, n=len(taxonomy.topics)),
               icon=":material/check_circle:")
    st.dataframe(pd.DataFrame([{"key": topic.key, "Tiếng Việt": topic.name_vi, "English": topic.name_en,
                                "department": taxonomy.departments.get(topic.department, topic.department),
                                "keywords": ", ".join(topic.keywords), "fallback": topic.fallback}
                               for topic in taxonomy.topics]), hide_index=True, width="stretch")


if __name__ == "__main__":
    render()
