"""Priority 0–100, explained: each factor that contributed and its points.

Weights: urgency up to 40, legal type up to 15, people reporting the same thing up to 25,
signs of danger to people 20. The factors are stored on the case so an officer sees why.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from core.case_schema import PriorityFactor

URGENCY_POINTS = {"high": 40, "medium": 20, "low": 5}
LEGAL_TYPE_POINTS = {"to_cao": 15, "khieu_nai": 12, "phan_anh": 8, "kien_nghi": 4}
DANGER_POINTS = 20
REPORTERS_MAX = 25

# Phrases that signal danger to people (life, health, injury), matched as whole words.
DANGER_PHRASES = (
    "nguy hiểm", "sắp sập", "nguy cơ sập", "sập", "sắp đổ", "cây đổ", "cây ngã", "gãy cành", "cháy", "hỏa hoạn",
    "điện giật", "dây điện rơi", "dây điện đứt", "chập điện", "tai nạn", "bị thương", "tử vong", "chết người",
    "đuối nước", "hố sâu", "hố tử thần", "sụt lún", "rò rỉ khí", "rò rỉ gas", "ngộ độc", "cấp cứu", "trẻ em",
)
_DANGER = re.compile(r"(?<!\w)(" + "|".join(re.escape(p) for p in DANGER_PHRASES) + r")(?!\w)")


@dataclass(frozen=True)
class Priority:
    score: int
    factors: list[PriorityFactor]


def danger_signs(text: str) -> list[str]:
    return sorted(set(_DANGER.findall(text.lower())))


def compute_priority(*, urgency: str, legal_type: str, reporters: int, text: str) -> Priority:
    factors = [
        PriorityFactor(factor="urgency", points=URGENCY_POINTS.get(urgency, 0), detail=urgency),
        PriorityFactor(factor="legal_type", points=LEGAL_TYPE_POINTS.get(legal_type, 0), detail=legal_type),
    ]
    if reporters > 1:
        points = min(REPORTERS_MAX, round(10 * math.log2(reporters)))
        factors.append(PriorityFactor(factor="reporters", points=points, detail=f"{reporters} người phản ánh / reporters"))
    signs = danger_signs(text)
    if signs:
        factors.append(PriorityFactor(factor="danger", points=DANGER_POINTS, detail=", ".join(signs)))
    return Priority(min(100, sum(f.points for f in factors)), factors)
