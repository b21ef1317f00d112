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


def sentiment_over_time_chart(frame: pd.DataFrame, *, height: int = 240) -> alt.Chart:
    """Stacked bars per day and sentiment (``time``, ``key``, ``count``) in the fixed colours."""
    data = frame.assign(label=frame["key"].map(lambda s: SENTIMENT_LABELS.get(s, s)),
                        when=frame["time"].dt.strftime("%d/%m/%Y"))
    present = [s for s in SENTIMENTS if s in set(frame["key"])]
    return alt.Chart(data, height=height).mark_bar().encode(
        x=alt.X("yearmonthdate(time):T", title=None, axis=alt.Axis(format="%d/%m", labelAngle=0)),
        y=alt.Y("sum(count):Q", title=None, stack="zero"),
        color=alt.Color("label:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=[SENTIMENT_LABELS[s] for s in present],
                                        range=[SENTIMENT_COLOURS[s] for s in present])),
        tooltip=[alt.Tooltip("when:N", title="Ngày"), alt.Tooltip("label:N", title="Sắc thái"),
                 alt.Tooltip("sum(count):Q", title="Số lượng")],
    )


def topics_over_time_chart(frame: pd.DataFrame, names: dict[str, str], *, height: int = 240) -> alt.Chart:
    """Stacked bars per day and topic (``time``, ``key``, ``count``), topics named from the taxonomy."""
    data = frame.assign(label=frame["key"].map(lambda k: names.get(k, k)),
                        when=frame["time"].dt.strftime("%d/%m/%Y"))
    return alt.Chart(data, height=height).mark_bar().encode(
        x=alt.X("yearmonthdate(time):T", title=None, axis=alt.Axis(format="%d/%m", labelAngle=0)),
        y=alt.Y("sum(count):Q", title=None, stack="zero"),
        color=alt.Color("label:N", title=None, legend=alt.Legend(orient="top", columns=2)),
        tooltip=[alt.Tooltip("when:N", title="Ngày"), alt.Tooltip("label:N", title="Chủ đề"),
                 alt.Tooltip("sum(count):Q", title="Số lượng")],
    )


def share_chart(counts: dict[str, int], *, height: int = 240) -> alt.LayerChart:
    """Share of voice: one bar per source, largest first, labelled with its share."""
    total = sum(counts.values()) or 1
    data = pd.DataFrame({"source": list(counts), "count": list(counts.values())})
    data["share"] = data["count"] / total
    data["text"] = [f"{n} · {share:.0%}" for n, share in zip(data["count"], data["share"], strict=True)]
    upper = max(1, int(data["count"].max())) if not data.empty else 1
    base = alt.Chart(data, height=height).encode(
        y=alt.Y("source:N", title=None, sort="-x", axis=alt.Axis(ticks=False, domain=False)),
        x=alt.X("count:Q", title=None, axis=None, scale=alt.Scale(domain=[0, upper * 1.4], nice=False)),
        tooltip=[alt.Tooltip("source:N", title="Nguồn"), alt.Tooltip("count:Q", title="Số lượng"),
                 alt.Tooltip("share:Q", title="Tỷ lệ", format=".0%")],
    )
    return alt.layer(base.mark_bar(color="#1F5FAD", cornerRadiusEnd=3),
                     base.mark_text(align="left", dx=6).encode(text="text:N"))


def top_wards_chart(frame: pd.DataFrame, *, limit: int = 10, height: int = 260) -> alt.Chart:
    """Horizontal bars of the most mentioned wards (``name``, ``count``, ``negative_share``)."""
    data = frame.nlargest(limit, "count")
    return alt.Chart(data, height=height).mark_bar().encode(
        y=alt.Y("name:N", title=None, sort="-x"),
        x=alt.X("count:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1)),
        color=alt.Color("negative_share:Q", title="Tỷ lệ tiêu cực", scale=alt.Scale(scheme="reds", domain=[0, 1]),
                        legend=alt.Legend(format=".0%", orient="bottom")),
        tooltip=[alt.Tooltip("name:N", title="Phường/xã"), alt.Tooltip("count:Q", title="Số lượng"),
                 alt.Tooltip("negative_share:Q", title="Tỷ lệ tiêu cực", format=".0%")],
    )


MAP_MIN_LAT = 10.0  # Côn Đảo (8.7°N) would shrink the mainland to a corner; it is listed in the table instead


def ward_map_chart(frame: pd.DataFrame, all_wards: pd.DataFrame, *, height: int = 420) -> alt.LayerChart:
    """The city by ward without map tiles: every ward centre as a faint dot, wards with posts as
    circles sized by count and coloured by negative share (Mercator projection of lon/lat)."""
    mainland = all_wards.dropna(subset=["lat", "lon"]).query("lat > @MAP_MIN_LAT")
    base = alt.Chart(mainland, height=height).mark_circle(
        size=18, color="#CDD2D8", opacity=0.7).encode(
        longitude="lon:Q", latitude="lat:Q", tooltip=[alt.Tooltip("name:N", title="Phường/xã")])
    hits = alt.Chart(frame.dropna(subset=["lat", "lon"]).query("lat > @MAP_MIN_LAT")).mark_circle(opacity=0.85, stroke="white",
                                                                      strokeWidth=0.5).encode(
        longitude="lon:Q", latitude="lat:Q",
        size=alt.Size("count:Q", title="Số lượng", scale=alt.Scale(range=[60, 900]),
                      legend=alt.Legend(orient="bottom", format="d", tickMinStep=1)),
        color=alt.Color("negative_share:Q", title="Tỷ lệ tiêu cực",
                        scale=alt.Scale(scheme="reds", domain=[0, 1]), legend=alt.Legend(format=".0%",
                                                                                         orient="bottom")),
        tooltip=[alt.Tooltip("name:N", title="Phường/xã"), alt.Tooltip("count:Q", title="Số lượng"),
                 alt.Tooltip("negative_share:Q", title="Tỷ lệ tiêu cực", format=".0%")],
    )
    return alt.layer(base, hits).project(type="mercator")
