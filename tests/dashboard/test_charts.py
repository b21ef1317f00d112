"""Chart builders on small DataFrames: fixed colours, stacking, local time, empty input."""
from __future__ import annotations

import pandas as pd

from dashboard import charts
from dashboard.data import Totals, sentiment_frame, volume_frame
from dashboard.labels import SENTIMENT_COLOURS

ROWS = [{"time": "2026-11-20T00:00:00.000+07:00", "kind": "comment", "count": 5},
        {"time": "2026-11-20T00:00:00.000+07:00", "kind": "article", "count": 2},
        {"time": "2026-11-21T00:00:00.000+07:00", "kind": "comment", "count": 3}]


def _values(spec: dict) -> list[dict]:
    return next(iter(spec["datasets"].values()))


def test_volume_frame_keeps_ho_chi_minh_wall_clock_time():
    frame = volume_frame([{"time": "2026-11-19T17:00:00.000Z", "kind": "article", "count": 1}, *ROWS])
    assert frame["time"].dt.tz is None
    assert list(frame["time"].dt.strftime("%Y-%m-%d %H:%M")) == ["2026-11-20 00:00"] * 3 + ["2026-11-21 00:00"]


def test_volume_chart_stacks_kinds_with_fixed_order_and_vietnamese_labels():
    spec = charts.volume_chart(volume_frame(ROWS), "day").to_dict()
    encoding = spec["encoding"]
    assert encoding["y"]["stack"] == "zero" and encoding["y"]["aggregate"] == "sum"
    assert encoding["color"]["scale"]["domain"] == ["Bài báo", "Bình luận"]
    assert encoding["x2"]["field"] == "end"
    first = _values(spec)[0]
    assert (first["time"], first["end"], first["when"]) == ("2026-11-20T00:00:00", "2026-11-21T00:00:00",
                                                             "20/11/2026")


def test_volume_chart_bucket_ends_follow_the_interval():
    frame = volume_frame([{"time": "2026-11-01T00:00:00.000+07:00", "kind": "post", "count": 1}])
    assert _values(charts.volume_chart(frame, "month").to_dict())[0]["end"] == "2026-12-01T00:00:00"
    assert _values(charts.volume_chart(frame, "hour").to_dict())[0]["end"] == "2026-11-01T01:00:00"


def test_volume_chart_accepts_an_empty_frame():
    assert charts.volume_chart(volume_frame([]), "week").to_dict()["encoding"]["color"]["scale"]["domain"] == []


def test_sentiment_chart_uses_fixed_colours_and_order():
    spec = charts.sentiment_chart(sentiment_frame({"positive": 1, "negative": 3, "neutral": 2})).to_dict()
    bars = spec["layer"][0]["encoding"]
    assert bars["color"]["scale"] == {"domain": ["Tiêu cực", "Trung tính", "Tích cực"],
                                      "range": [SENTIMENT_COLOURS[s] for s in ("negative", "neutral", "positive")]}
    assert [v["text"] for v in _values(spec)] == ["3 · 50%", "2 · 33%", "1 · 17%"]


def test_sentiment_frame_shows_unknown_only_when_present():
    assert list(sentiment_frame({"negative": 2})["sentiment"]) == ["negative", "neutral", "positive"]
    assert list(sentiment_frame({"unknown": 4})["count"]) == [0, 0, 0, 4]


def test_sentiment_chart_accepts_no_documents():
    spec = charts.sentiment_chart(pd.DataFrame({"sentiment": [], "count": []})).to_dict()
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == []


def test_negative_share_counts_classified_documents_only():
    assert Totals(10, {}, {"negative": 3, "positive": 3, "unknown": 4}).negative_share == 0.5
    assert Totals(4, {}, {"unknown": 4}).negative_share is None


def test_sparse_buckets_far_apart_stay_visible():
    import pandas as pd

    from dashboard.charts import _bar_ends

    starts = pd.Series(pd.to_datetime(["2021-01-11", "2025-10-22"]))
    ends = _bar_ends(starts, pd.DateOffset(days=1))
    span = ends.max() - starts.min()
    assert ((ends - starts) >= span / 61).all()  # each bar at least ~1/60 of the axis
    dense = pd.Series(pd.date_range("2026-11-01", periods=30, freq="D"))
    assert ((_bar_ends(dense, pd.DateOffset(days=1)) - dense) == pd.Timedelta(days=1)).all()


def _frame(rows):
    frame = pd.DataFrame(rows, columns=["time", "key", "count"])
    frame["time"] = pd.to_datetime(frame["time"])
    return frame


def test_sentiment_over_time_uses_the_fixed_colours_in_order():
    frame = _frame([("2026-11-20", "positive", 1), ("2026-11-20", "negative", 3), ("2026-11-21", "neutral", 2)])
    spec = charts.sentiment_over_time_chart(frame).to_dict()
    assert spec["encoding"]["color"]["scale"] == {"domain": ["Tiêu cực", "Trung tính", "Tích cực"],
                                                  "range": [SENTIMENT_COLOURS[s] for s in
                                                            ("negative", "neutral", "positive")]}
    assert spec["encoding"]["y"]["stack"] == "zero"


def test_topics_over_time_names_topics_from_the_taxonomy():
    frame = _frame([("2026-11-20", "ngap_nuoc", 2), ("2026-11-20", "giao_thong", 1)])
    spec = charts.topics_over_time_chart(frame, {"ngap_nuoc": "Ngập nước"}).to_dict()
    assert {v["label"] for v in _values(spec)} == {"Ngập nước", "giao_thong"}


def test_share_of_voice_labels_each_source_with_its_share():
    spec = charts.share_chart({"vnexpress": 3, "tuoitre": 1}).to_dict()
    assert [v["text"] for v in _values(spec)] == ["3 · 75%", "1 · 25%"]


def test_ward_map_draws_every_mainland_ward_and_sizes_wards_by_count():
    every = pd.DataFrame({"ward_code": ["26743", "26929", "99999"], "name": ["Bến Thành", "Bình Thạnh", "Côn Đảo"],
                          "lat": [10.77, 10.81, 8.68], "lon": [106.70, 106.71, 106.61]})
    hits = every.iloc[:2].assign(count=[5, 1], negative=[4, 0], negative_share=[0.8, 0.0])
    spec = charts.ward_map_chart(hits, every).to_dict()
    assert spec["projection"] == {"type": "mercator"}
    base, circles = spec["layer"]
    assert circles["encoding"]["size"]["field"] == "count" and circles["encoding"]["longitude"]["field"] == "lon"
    datasets = list(spec["datasets"].values())
    assert all(row["lat"] > charts.MAP_MIN_LAT for rows in datasets for row in rows)


def test_top_wards_keeps_the_most_mentioned():
    frame = pd.DataFrame({"name": [f"P{i}" for i in range(12)], "count": range(12), "negative_share": [0.5] * 12})
    assert {v["name"] for v in _values(charts.top_wards_chart(frame).to_dict())} == {f"P{i}" for i in range(2, 12)}
