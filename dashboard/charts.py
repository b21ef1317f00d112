"""Altair chart builders: pure functions of DataFrames, so they are unit-tested without a browser.

Times arrive tz-naive in Ho Chi Minh City wall-clock time; Vega parses and prints naive
times in the viewer's local zone, so the axis shows Vietnamese time on any machine.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.labels import KIND_COLOURS, KIND_LABELS, KINDS, SENTIMENT_COLOURS, SENTIMENT_LABELS, SENTIMENTS

BUCKET = {"hour": pd.DateOffset(hours=1), "day": pd.DateOffset(days=1), "week": pd.DateOffset(weeks=1),
          "month": pd.DateOffset(months=1)}
AXIS_FORMAT = {"hour": "%H:%M %d/%m", "day": "%d/%m", "week": "%d/%m", "month": "%m/%Y"}
TICK_INTERVAL = {"hour": "hour", "day": "day", "week": "week", "month": "month"}
TOOLTIP_FORMAT = {"hour": "%H:%M %d/%m/%Y", "day": "%d/%m/%Y", "week": "tuần từ %d/%m/%Y",
                  "month": "tháng %m/%Y"}


def volume_chart(frame: pd.DataFrame, interval: str = "day", *, height: int = 300) -> alt.Chart:
    """Stacked bars of documents per time bucket (``time``, ``kind``, ``count``), one colour per kind."""
    data = frame.assign(
        end=_bar_ends(frame["time"], BUCKET[interval]),
        kind_label=frame["kind"].map(lambda k: KIND_LABELS.get(k, k)),
        kind_order=frame["kind"].map(lambda k: KINDS.index(k) if k in KINDS else len(KINDS)),
        when=frame["time"].dt.strftime(TOOLTIP_FORMAT[interval]),
    )
    kinds = [k for k in KINDS if k in set(frame["kind"])] + sorted(set(frame["kind"]) - set(KINDS))
    colour = alt.Color("kind_label:N", title=None, legend=alt.Legend(orient="top"),
                       scale=alt.Scale(domain=[KIND_LABELS.get(k, k) for k in kinds],
                                       range=[KIND_COLOURS.get(k, "#999999") for k in kinds]))
    long_span = not data.empty and data["end"].max() - data["time"].min() > pd.Timedelta(days=180)
    axis = alt.Axis(format="%m/%Y", labelAngle=0, labelOverlap="greedy", tickCount=8) if long_span else \
        alt.Axis(format=AXIS_FORMAT[interval], labelAngle=0, labelAlign="left", labelOverlap="greedy",
                 tickCount={"interval": TICK_INTERVAL[interval], "step": 1})
    return alt.Chart(data, height=height).mark_bar(stroke="white", strokeWidth=1).encode(
        x=alt.X("time:T", title=None, axis=axis),
        x2="end:T",
        y=alt.Y("sum(count):Q", title="Số tài liệu", stack="zero"),
        color=colour,
        order=alt.Order("kind_order:O"),
        tooltip=[alt.Tooltip("when:N", title="Thời gian"), alt.Tooltip("kind_label:N", title="Loại"),
                 alt.Tooltip("sum(count):Q", title="Số lượng")],
    )


def _bar_ends(starts: pd.Series, bucket: pd.DateOffset, min_share: float = 1 / 60) -> pd.Series:
    """Each bar spans its bucket, but at least ``min_share`` of the plotted range: a few days
    of comments spread over years would otherwise be drawn as bars thinner than a pixel."""
    ends = starts + bucket
    if starts.empty:
        return ends
    minimum = (ends.max() - starts.min()) * min_share
    return pd.concat([ends, starts + minimum], axis=1).max(axis=1)


def sentiment_chart(frame: pd.DataFrame, *, height: int = 200) -> alt.LayerChart:
    """Horizontal bars per sentiment (``sentiment``, ``count``) in fixed order and colours."""
    total = int(frame["count"].sum())
    upper = max(1, int(frame["count"].max())) if not frame.empty else 1
    data = frame.assign(
        label=frame["sentiment"].map(lambda s: SENTIMENT_LABELS.get(s, s)),
        share=frame["count"] / total if total else 0.0,
    )
    data["text"] = [f"{n} · {share:.0%}" for n, share in zip(data["count"], data["share"], strict=True)]
    present = [s for s in SENTIMENTS if s in set(frame["sentiment"])]
    domain = [SENTIMENT_LABELS[s] for s in present]
    base = alt.Chart(data, height=height).encode(
        y=alt.Y("label:N", title=None, sort=domain, axis=alt.Axis(labelFontSize=13, ticks=False,
                                                                  domain=False)),
        x=alt.X("count:Q", title=None, axis=None,
                scale=alt.Scale(domain=[0, upper * 1.3], nice=False)),
        tooltip=[alt.Tooltip("label:N", title="Sắc thái"), alt.Tooltip("count:Q", title="Số lượng"),
                 alt.Tooltip("share:Q", title="Tỷ lệ", format=".0%")],
    )
    bars = base.mark_bar(cornerRadiusEnd=3).encode(
        color=alt.Color("label:N", legend=None,
                        scale=alt.Scale(domain=domain, range=[SENTIMENT_COLOURS[s] for s in present])))
    text = base.mark_text(align="left", dx=6, fontSize=13).encode(text="text:N")
    return alt.layer(bars, text)
