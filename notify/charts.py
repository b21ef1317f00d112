"""Charts for e-mail: Altair specs rendered to PNG with vl-convert (no browser), attached inline."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

SENTIMENT_COLOURS = {"negative": "#D93F3F", "neutral": "#8E959E", "positive": "#2E9E5B", "unknown": "#CDD2D8"}
SENTIMENT_NAMES = {"negative": "Tiêu cực", "neutral": "Trung tính", "positive": "Tích cực", "unknown": "Chưa phân loại"}


def png(chart: Any, scale: float = 1.5) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_png(chart.to_json(), scale=scale)


def topics_chart(counts: Mapping[str, int], names: Mapping[str, str], width: int = 420) -> Any:
    """Horizontal bars: posts per topic, largest first."""
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame([{"topic": names.get(k, k), "count": v} for k, v in counts.items()])
    return alt.Chart(frame, width=width, height=max(60, 22 * len(frame))).mark_bar(color="#1F5FAD").encode(
        x=alt.X("count:Q", title="Số bài"), y=alt.Y("topic:N", sort="-x", title=None))


def sentiment_days_chart(rows: Sequence[Mapping[str, Any]], width: int = 420) -> Any:
    """Stacked bars per day and sentiment over the last week."""
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame([{**r, "name": SENTIMENT_NAMES.get(r["sentiment"], r["sentiment"])} for r in rows])
    if frame.empty:
        frame = pd.DataFrame({"day": [], "sentiment": [], "count": [], "name": []})
    keys = [k for k in SENTIMENT_COLOURS if k in set(frame["sentiment"])]
    return alt.Chart(frame, width=width, height=160).mark_bar().encode(
        x=alt.X("day:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("sum(count):Q", title="Số bài"),
        color=alt.Color("name:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=[SENTIMENT_NAMES[k] for k in keys],
                                        range=[SENTIMENT_COLOURS[k] for k in keys])))
