"""Vietnamese labels and fixed colours shared by the charts and the result list."""
from __future__ import annotations

from typing import Literal

BadgeColour = Literal["red", "orange", "yellow", "blue", "green", "violet", "gray", "primary"]

SENTIMENTS = ("negative", "neutral", "positive", "unknown")
SENTIMENT_LABELS = {"negative": "Tiêu cực", "neutral": "Trung tính", "positive": "Tích cực",
                    "unknown": "Chưa phân loại"}
SENTIMENT_COLOURS = {"negative": "#D93F3F", "neutral": "#8E959E", "positive": "#2E9E5B",
                     "unknown": "#CDD2D8"}
SENTIMENT_BADGES: dict[str, BadgeColour] = {"negative": "red", "neutral": "gray", "positive": "green",
                                            "unknown": "gray"}
SENTIMENT_ICONS = {"negative": ":material/sentiment_dissatisfied:",
                   "neutral": ":material/sentiment_neutral:",
                   "positive": ":material/sentiment_satisfied:", "unknown": ":material/help:"}

KINDS = ("article", "comment", "post")
KIND_LABELS = {"article": "Bài báo", "comment": "Bình luận", "post": "Bài đăng"}
KIND_COLOURS = {"article": "#1F5FAD", "comment": "#6FA8DC", "post": "#F2A541"}

INTERVAL_LABELS = {"hour": "Giờ", "day": "Ngày", "week": "Tuần", "month": "Tháng"}

TIME_ZONE = "Asia/Ho_Chi_Minh"


def sentiment_label(key: str | None) -> str:
    return SENTIMENT_LABELS.get(key or "unknown", key or "")


def kind_label(key: str) -> str:
    return KIND_LABELS.get(key, key)
