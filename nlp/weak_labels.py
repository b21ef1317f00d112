"""Weak labels from lexicons: taxonomy keywords (topic), cue lists (complaint, legal type), danger rules (urgency).

No labelled data exists for the city's topics, so the training set is made by matching the
taxonomy's keywords against real comments and keeping only confident matches (one topic clearly
ahead). Weak labels are noisy by design: they train, they never score. The hand-labelled dev set
(data/city/dev.jsonl) is what the models are measured on. The danger lexicon
(data/city/danger_patterns.tsv) also serves at run time, with the urgency model.

    python -m nlp.weak_labels --shared /work/shared --out data/city/weak.jsonl

rebuilds the shipped weak-label file from the staged datasets and fixtures (see data/city/SOURCE.md).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nlp.normalize import normalize
from nlp.taxonomy import Taxonomy, taxonomy

# Cues that a text reports a problem someone could act on (city complaint), matched like keywords.
PROBLEM_CUES = ("bức xúc", "phản ánh", "đề nghị", "kiến nghị", "yêu cầu", "xử lý", "không ai", "khổ", "kém",
                "tệ", "hư hỏng", "xuống cấp", "nguy hiểm", "mất an toàn", "vô trách nhiệm", "chậm", "quá tải",
                "ô nhiễm", "hôi thối", "kẹt", "ùn tắc", "ngập", "lấn chiếm", "trái phép", "nhũng nhiễu", "cúp",
                "mất điện", "mất nước", "ồn ào", "khiếu nại", "tố cáo", "lừa đảo", "trộm", "cướp", "bao giờ",
                "tại sao", "sao không", "mong", "cơ quan chức năng", "chính quyền", "thờ ơ", "làm ngơ")


def _key(text: str) -> str:
    return " ".join(normalize(text).lower().split())


@lru_cache(maxsize=64)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternatives = "|".join(re.escape(_key(p)) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def count_hits(text: str, phrases: Sequence[str]) -> int:
    """How many times any of ``phrases`` occurs in ``text`` on word boundaries (after normalisation)."""
    pattern = _pattern(tuple(phrases))
    return len(pattern.findall(_key(text))) if pattern else 0


def topic_hits(text: str, tax: Taxonomy | None = None) -> dict[str, int]:
    tax = tax or taxonomy()
    return {t.key: n for t in tax.topics if (n := count_hits(text, t.keywords))}


def weak_topic(text: str, tax: Taxonomy | None = None) -> str | None:
    """The topic whose keywords clearly dominate, or None (abstain) when none or several compete.

    Dominates: the only topic hit, or at least two hits and twice the runner-up. Texts with no hit
    are not labelled ``khac`` here: an unknown comment may still be about the city."""
    hits = sorted(topic_hits(text, tax).items(), key=lambda kv: -kv[1])
    if not hits:
        return None
    if len(hits) == 1 or (hits[0][1] >= 2 and hits[0][1] >= 2 * hits[1][1]):
        return hits[0][0]
    return None


def weak_complaint(text: str, topic: str | None) -> str | None:
    """complaint when a city topic and a problem cue co-occur; non_complaint for non-city text
    (``topic == 'khac'``); None otherwise."""
    if topic == "khac":
        return "non_complaint"
    if topic is not None and count_hits(text, PROBLEM_CUES):
        return "complaint"
    return None


CITY_DIR = Path(__file__).resolve().parent.parent / "data" / "city"
DANGER_FILE = "danger_patterns.tsv"
# Legal type cues, checked in this order (a denunciation often also asks for something).
LEGAL_CUES = (("to_cao", ("tố cáo", "tố giác")),
              ("khieu_nai", ("khiếu nại", "không đồng ý với quyết định", "đề nghị xem xét lại quyết định",
                             "xem xét lại quyết định")),
              ("kien_nghi", ("kiến nghị", "đề nghị", "đề xuất", "mong", "cho hỏi", "xin hỏi", "nên", "yêu cầu")))


@lru_cache(maxsize=4)
def danger_patterns(path: Path = CITY_DIR / DANGER_FILE) -> tuple[re.Pattern[str], ...]:
    """The urgency danger lexicon: one regex per non-comment line (tab, then a note), each also
    without diacritics (matched against the text without diacritics)."""
    from core.errors import InvalidInput
    from core.folding import fold

    patterns = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            source = line.split("\t")[0]
            try:
                patterns += [re.compile(source), re.compile(fold(source))]
            except re.error as exc:
                raise InvalidInput(f"{path}:{number}: bad pattern ({exc})") from exc
    return tuple(patterns)


def danger_hit(text: str, path: Path = CITY_DIR / DANGER_FILE) -> bool:
    from core.folding import fold

    key = _key(text)
    keys = (key, fold(key))
    return any(pattern.search(k) for pattern in danger_patterns(path) for k in keys)


def weak_urgency(text: str, complaint: str | None) -> str | None:
    """high on a danger-lexicon hit, medium for a weak complaint, low for non-city text."""
    if danger_hit(text):
        return "high"
    return {"complaint": "medium", "non_complaint": "low"}.get(complaint or "")


def weak_legal_type(text: str, complaint: str | None) -> str | None:
    """The first legal-type cue found; a complaint without a cue reports a situation (phan_anh)."""
    for label, cues in LEGAL_CUES:
        if count_hits(text, cues):
            return label
    return "phan_anh" if complaint == "complaint" else None


@dataclass(frozen=True)
class RealText:
    text: str
    source: str  # dataset or fixture name, ':' and the row's id there
    city_domain: bool  # False for corpora about products, hotels, shopping, stocks: their texts are 'khac'


def weak_rows(texts: Iterable[RealText], exclude: set[str], khac_limit: int,
              topic_limit: int = 800, city_khac_limit: int = 3000) -> Iterator[dict[str, str]]:
    """Weakly labelled rows, one per distinct text, skipping ``exclude`` (keys of dev texts).

    Texts from corpora about products, hotels or stocks are labelled ``khac`` whatever keyword
    they hit (a hotel's "ồn" is not a city noise complaint), up to ``khac_limit``; so are comments
    from the social and news corpora that hit no keyword at all (at most ``city_khac_limit``: the
    off-topic chatter a city topic model must learn to leave alone). No topic gets more than
    ``topic_limit`` rows (UIT-VSFC alone would give 8,000 ``giao_duc``)."""
    seen, khac, per_topic = set(exclude), 0, Counter()
    for item in texts:
        key = _key(item.text)
        if not key or key in seen or len(key) < 12:
            continue
        seen.add(key)
        if item.city_domain:
            topic = weak_topic(item.text) if topic_hits(item.text) else "khac"
        elif khac < khac_limit:
            topic, khac = "khac", khac + 1
        else:
            continue
        bucket = topic if item.city_domain else "khac (other corpora)"
        limit = city_khac_limit if bucket == "khac" else topic_limit
        if topic is None or per_topic[bucket] >= limit:
            continue
        per_topic[bucket] += 1
        row = {"text": item.text, "topic": topic, "source": item.source, "provenance": "weak_lexicon"}
        complaint = weak_complaint(item.text, topic)
        urgency = weak_urgency(item.text, complaint) if item.city_domain else "low"
        labels = {"complaint": complaint, "urgency": urgency,
                  "legal_type": weak_legal_type(item.text, complaint) if item.city_domain else None}
        yield row | {key: value for key, value in labels.items() if value}


# (folder under datasets/, is it about city life or public affairs?) — the others are products, hotels, stocks.
DATASETS = (("uit_victsd", True), ("vihsd", True), ("uit_vsfc", True), ("uit_viocd", False),
            ("aivivn_2019_sa", False), ("vlsp2018_absa", False), ("vlsp2016_sa", False), ("uit_vsmec", True))


def read_real_texts(shared: Path) -> Iterator[RealText]:
    """Every real comment in the staged datasets (train splits, then dev) and comment fixtures."""
    for name, city in DATASETS:
        for split in ("train", "dev"):
            path = shared / "datasets" / name / f"{split}.jsonl"
            if path.is_file():
                for number, line in enumerate(path.open(encoding="utf-8"), start=1):
                    yield RealText(json.loads(line)["text"], f"{name}/{split}:{number}", city)
    yield from _fixture_texts(shared / "fixtures")


def _fixture_texts(fixtures: Path) -> Iterator[RealText]:
    import csv

    for split in ("train", "dev"):
        path = fixtures / "social_comments_vihos" / f"vihos_{split}.csv"
        if path.is_file():
            for row in csv.DictReader(path.open(encoding="utf-8")):
                yield RealText(row["content"], f"vihos/{split}:{row['']}", True)
    path = fixtures / "vnexpress_comments" / "article_4219024_comments_get.json"
    if path.is_file():
        for item in json.loads(path.read_text(encoding="utf-8"))["data"]["items"]:
            yield RealText(re.sub(r"<br\s*/?>", " ", item["content"]), f"vnexpress:{item['comment_id']}", True)
    path = fixtures / "voz_comments" / "voz_stock_thread_comments_2022-06.csv"
    if path.is_file():
        for number, row in enumerate(csv.DictReader(path.open(encoding="utf-8")), start=1):
            yield RealText(row["content"], f"voz_stock:{number}", False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.weak_labels", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, required=True, help="folder holding datasets/ and fixtures/")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--dev", type=Path, default=CITY_DIR / "dev.jsonl", help="texts never to label")
    parser.add_argument("--khac-limit", type=int, default=1500, help="most `khac` rows from product/hotel/stock corpora")
    parser.add_argument("--topic-limit", type=int, default=800, help="most rows of any one topic")
    parser.add_argument("--city-khac-limit", type=int, default=3000, help="most `khac` rows from news and social corpora")
    args = parser.parse_args(argv)
    exclude = set()
    if args.dev.is_file():
        exclude = {_key(json.loads(line)["text"]) for line in args.dev.open(encoding="utf-8") if line.strip()}
    rows = list(weak_rows(read_real_texts(args.shared), exclude, args.khac_limit, args.topic_limit,
                          args.city_khac_limit))
    with args.out.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts = Counter(row["topic"] for row in rows)
    print(f"{len(rows)} weakly labelled rows → {args.out}: {dict(sorted(counts.items()))}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
