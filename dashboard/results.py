"""The result list: one bordered card per post, with badges, source, local time and a link."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import streamlit as st

from core.settings import get_settings
from dashboard.labels import SENTIMENT_BADGES, SENTIMENT_ICONS, TIME_ZONE, kind_label, sentiment_label
from store.queries import Hit
from triage.policy import User, visible_author, visible_text

HEADLINE_CHARS = 240
EXCERPT_CHARS = 220
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:])")


def render_hits(hits: list[Hit]) -> None:
    for hit in hits:
        with st.container(border=True, gap="small"):
            _meta(hit)
            st.markdown(headline_markdown(hit))
            if hit.title and hit.text.strip():
                st.caption(md_escape(shorten(hit.text, EXCERPT_CHARS)))


def _meta(hit: Hit) -> None:
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        key = hit.sentiment or "unknown"
        score = f"Độ tin cậy {hit.sentiment_score:.0%}" if hit.sentiment_score is not None else None
        st.badge(sentiment_label(key), color=SENTIMENT_BADGES.get(key, "gray"),
                 icon=SENTIMENT_ICONS.get(key), help=score)
        st.badge(kind_label(hit.kind), color="blue")
        st.caption(md_escape(" · ".join(p for p in (hit.source, hit.author, local_time(hit.published_at)) if p)))


def headline_markdown(hit: Hit) -> str:
    """An article's title as a link, or a comment's first words followed by a link to it."""
    text = md_escape(shorten(hit.title or hit.text, HEADLINE_CHARS))
    if not hit.url.startswith(("http://", "https://")):
        return f"**{text}**" if hit.title else text
    url = hit.url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"**[{text}]({url})**" if hit.title else f"{text} [↗]({url})"


def local_time(iso: str | None) -> str | None:
    """'08:30 · 20/11/2026' in Ho Chi Minh City time; None when unknown."""
    if not iso:
        return None
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(TIME_ZONE))
    return moment.strftime("%H:%M %d/%m/%Y")


def shorten(text: str, limit: int) -> str:
    """One line, cut at a word boundary with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0]
    return f"{cut}…"


def md_escape(text: str) -> str:
    """User text shown literally: no markdown, LaTeX ($) or emoji shortcodes (:car:)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def visible_hits(hits: list[Hit], user: User) -> list[Hit]:
    """Posts as ``user`` may see them: communications staff see authors only as pseudonyms and
    personal data in the text masked."""
    key = get_settings().pseudonym_key
    return [replace(h, author=visible_author(h.author, user, key), title=visible_text(h.title, user),
                    text=visible_text(h.text, user) or "") for h in hits]


def csv_bytes(rows: list[dict], user: User) -> bytes:
    """The Explore export: one row per post, authors as ``user`` may see them, list fields joined
    with '|', UTF-8 with a BOM so Excel reads Vietnamese correctly."""
    import csv
    import io

    key = get_settings().pseudonym_key
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            shown = {k: "|".join(v) if isinstance(v, list) else v for k, v in row.items()}
            shown["author"] = visible_author(row.get("author"), user, key)
            for field in ("title", "text"):
                if field in shown:
                    shown[field] = visible_text(shown[field], user)
            writer.writerow(shown)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
