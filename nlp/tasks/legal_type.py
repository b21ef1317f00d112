"""Legal type of a submission: phản ánh / kiến nghị / khiếu nại / tố cáo.

phan_anh reports a situation; kien_nghi proposes or requests a change (questions to an agency
included); khieu_nai contests an administrative decision or act affecting the sender; to_cao
denounces someone's violation of the law. Trained on written examples and real comments labelled
by cue words; measured on the hand-labelled real dev set.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from nlp.tasks import TaskData
from nlp.tasks.topic import CITY_LIMITATIONS, load_city

NAME = "legal_type"
LABELS = ("phan_anh", "kien_nghi", "khieu_nai", "to_cao")
MODEL_NAME = "legal_type-city-v1-20261130"
OPTIONS: dict[str, Any] = {"model": "logreg", "c": 4.0, "class_weight": "balanced"}
PUBLISHED: list = []
LIMITATIONS = CITY_LIMITATIONS
CARD_NOTE = """\
Written examples of the four legal types (data/city/written.jsonl) plus real city comments weakly
labelled by cue words (tố cáo → to_cao; khiếu nại, "xem xét lại quyết định" → khieu_nai; kiến nghị,
đề nghị, mong, cho hỏi… → kien_nghi; a weak complaint without a cue → phan_anh). Dev: the
hand-labelled real texts (news and social comments, a government Q&A portal). Real khiếu nại and tố
cáo texts are rare in the available corpora: their dev support is tiny (see per_class), so their
scores say little."""


def load_data(data_dir: Path) -> TaskData:
    return TaskData([load_city(data_dir, "legal_type", LABELS)])
