"""is_complaint: something a complaint officer could act on, in e-commerce reviews and city comments.

Two corpora mixed, measured each on its own dev set: UIT-ViOCD (e-commerce reviews; official train
and dev splits) and the city data (weak labels and written examples; the hand-labelled real city
dev set). Only city-domain rows of the weak-label file are used here: product and hotel comments
are `khac` for the city, but ViOCD calls a product complaint a complaint, and the model must not
learn both.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from nlp.evaluate import read_labelled_jsonl
from nlp.tasks import Corpus, Published, Split, TaskData
from nlp.tasks.topic import CITY_LIMITATIONS, load_city, with_stripped_copies

NAME = "complaint"
LABELS = ("complaint", "non_complaint")
MODEL_NAME = "complaint-mixed-v1-20261130"
OPTIONS: dict[str, Any] = {"model": "logreg", "c": 4.0, "class_weight": "balanced"}
PUBLISHED = [Published("uit_viocd", "PhoBERT (best model in the paper)", "f1", 92.16,
                       "Nguyen et al., Vietnamese Complaint Detection on E-Commerce Websites, SoMeT 2021 "
                       "(arXiv:2104.11969); test split; macro or complaint-class F1 not confirmed")]
NON_CITY_SOURCES = ("uit_viocd", "aivivn_2019_sa", "vlsp2018_absa", "vlsp2016_sa", "voz_stock")
LIMITATIONS = CITY_LIMITATIONS.replace("measured independently.", "measured independently, as is the\n  official UIT-ViOCD test split.")
CARD_NOTE = """\
UIT-ViOCD official train / dev splits (e-commerce reviews: app, fashion, cosmetics, phones), mixed
with the city data: the written examples (both labels) and real news and social comments with no
city keyword, weakly labelled non_complaint; measured on the hand-labelled real city dev set
(data/city/dev.jsonl). The weak `complaint` labels (a city topic plus a problem cue) are left out:
on the city dev set they lowered macro-F1 from 0.51 to 0.36 (mostly opinions about the news, not
reports). Product, hotel and stock comments of the weak-label file are left out too (ViOCD counts
product complaints as complaints)."""
CHOICES = """\
Measured on the two dev sets (2026-11-30, macro-F1; city = hand-labelled real city texts):

| setup | UIT-ViOCD dev | city dev |
|---|---|---|
| mixed, with the weak complaint labels (LR C=4, balanced) | 0.903 | 0.360 |
| mixed, without them | 0.900 | 0.514 |
| mixed, without them, LinearSVC C=0.5 calibrated | 0.891 | 0.537 |
| mixed, without them, + a diacritics-stripped copy of every training text | 0.905 | 0.525 |
| **the same, with 3,000 instead of 800 keyword-less city comments as non_complaint (shipped)** | 0.905 | 0.549 |
| city data only, without them (LR C=4) | — | 0.583 |
| city data only, without them (LinearSVC C=0.5) | — | 0.625 |

With the stripped copies, the dev texts without diacritics score 0.890 (ViOCD) and 0.568 (city);
without them ViOCD fell to 0.548. A separate city model scores better on the city dev set
(0.58–0.63) than the mixed one; the mixed model is shipped because one model serves both the
e-commerce-like reviews and city comments. ViOCD dev stays under the published 92.16 (test,
PhoBERT); the city figure is far from the 0.90 target: real city complaints are rare (36 of 474
dev texts) and the training has only 90 written city complaints."""


def load_viocd(data_dir: Path) -> Corpus:
    files = {}
    splits = []
    for split in ("train", "dev"):
        path = Path(data_dir) / "uit_viocd" / f"{split}.jsonl"
        files[f"uit_viocd/{split}.jsonl"] = hashlib.sha256(path.read_bytes()).hexdigest()
        splits.append(Split(*read_labelled_jsonl(path, allowed=LABELS)))
    train = Split(*with_stripped_copies(splits[0].texts, splits[0].labels))
    return Corpus("uit_viocd", train, splits[1], files, "official train / dev splits; train also without diacritics",
                  title="UIT-ViOCD (Vietnamese Open-domain Complaint Detection)",
                  licence="not stated (SEACrowd: UNKNOWN) — **research-only** until the authors confirm",
                  citation="Nhung Thi-Hong Nguyen, Phuong Phan-Dieu Ha, Luan Thanh Nguyen, Kiet Van Nguyen, "
                           "Ngan Luu-Thuy Nguyen. \"Vietnamese Complaint Detection on E-Commerce Websites.\" "
                           "SoMeT 2021, IOS Press, pp. 618–629. arXiv:2104.11969")


def _city_row(row: dict[str, Any]) -> bool:
    """City-domain rows, without the weak `complaint` labels (measured: they cost 0.15 city macro-F1)."""
    weak_complaint = row["provenance"] == "weak_lexicon" and row["complaint"] == "complaint"
    return not row["source"].startswith(NON_CITY_SOURCES) and not weak_complaint


def load_data(data_dir: Path) -> TaskData:
    return TaskData([load_viocd(data_dir), load_city(data_dir, "complaint", LABELS, keep=_city_row)])
