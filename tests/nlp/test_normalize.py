import json
import re
import unicodedata
from pathlib import Path

import pytest

from nlp.normalize import TONE_STYLE, normalize, read_rules, unify_tone_marks

DATASETS = Path(__file__).resolve().parents[2] / "data" / "datasets"

NEW_TO_OLD = [
    ("hoà", "hòa"), ("khoẻ", "khỏe"), ("thuý", "thúy"), ("uỷ ban", "ủy ban"), ("hoạ sĩ", "họa sĩ"),
    ("oà khóc", "òa khóc"), ("loã", "lõa"), ("xoè", "xòe"), ("luỹ tre", "lũy tre"), ("tuỳ", "tùy"),
    ("Hoà", "Hòa"), ("HOÀ BÌNH", "HÒA BÌNH"), ("Sức khoẻ.", "Sức khỏe."), ("(thuỷ)", "(thủy)"),
    ("hoà_bình", "hòa_bình"), ("hoà2", "hòa2"),
]

UNTOUCHED = [
    "qua", "quà", "quả", "gia", "già", "giã", "uyên", "uyển", "quyền", "thuở", "quý", "quỳ", "Quý",
    "hoàng", "toàn", "xoáy", "hoài", "khoét", "huyền", "thuyết", "khuya", "khuỷu", "ngoặc", "thuế",
    "của", "mùa", "mía", "mưa", "người", "hòa", "khỏe", "thúy", "ủy",
]


@pytest.mark.parametrize(("new", "old"), NEW_TO_OLD)
def test_new_style_becomes_old_style(new, old):
    assert TONE_STYLE == "old"
    assert normalize(new) == old


@pytest.mark.parametrize(("new", "old"), NEW_TO_OLD)
def test_the_two_styles_are_exact_inverses(new, old):
    assert unify_tone_marks(old, "new") == new
    assert unify_tone_marks(unify_tone_marks(new, "old"), "new") == new


@pytest.mark.parametrize("word", UNTOUCHED)
def test_rimes_outside_the_rule_are_untouched(word):
    assert normalize(word) == word
    assert unify_tone_marks(unify_tone_marks(word, "new"), "old") == word


@pytest.mark.parametrize("word", ["qua", "gia", "uyên", "thuở", "quý", "quỳ", "hoàng", "khuỷu"])
def test_new_style_direction_leaves_them_alone_too(word):
    assert unify_tone_marks(word, "new") == word


def test_unknown_style_is_refused():
    with pytest.raises(ValueError, match="style"):
        unify_tone_marks("hoà", "middle")


def test_nfd_input_comes_out_nfc():
    text = "Thành phố Hồ Chí Minh, hoà bình, người dân khoẻ mạnh"
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    result = normalize(decomposed)
    assert result == "Thành phố Hồ Chí Minh, hòa bình, người dân khỏe mạnh"
    assert unicodedata.is_normalized("NFC", result)


def test_case_is_kept():
    assert normalize("Đường Nguyễn Huệ NGẬP") == "Đường Nguyễn Huệ NGẬP"


@pytest.mark.parametrize(("raw", "clean"), [
    ("mưa &amp; ngập", "mưa & ngập"),
    ("a&amp;amp;b", "a&b"),
    ("dòng 1<br>dòng 2<br/>dòng 3<BR />dòng 4", "dòng 1 dòng 2 dòng 3 dòng 4"),
    ("dòng 1&lt;br&gt;dòng 2", "dòng 1 dòng 2"),
    ("<p>Rất <b>tệ</b></p><p>luôn</p>", "Rất tệ luôn"),
    ("giá &lt; 5 triệu", "giá < 5 triệu"),
    ("nếu x < a và b > c", "nếu x < a và b > c"),
    ("&quot;ổn&quot; &#39;lắm&#39;", "\"ổn\" 'lắm'"),
])
def test_html_leftovers_become_text(raw, clean):
    assert normalize(raw) == clean


def test_whitespace_and_invisible_characters():
    assert normalize("  kẹt\u200bxe \t\n\n quá\u00a0 lâu\ufeff  ") == "kẹtxe quá lâu"
    assert normalize("👨\u200d👩\u200d👧") == "👨\u200d👩\u200d👧"


TRICKY = ["", "   ", "&amp;lt;br&amp;gt;", "<<b>br>", "Hoà\u200b", unicodedata.normalize("NFD", "Thuỷ Tiên"),
          "q\u0300ua", "o\u0300a", "&amp", "HOÀ&nbsp;BÌNH"]


@pytest.mark.parametrize("text", TRICKY)
def test_idempotent_on_tricky_input(text):
    once = normalize(text)
    assert normalize(once) == once


def test_idempotent_on_the_shipped_data():
    lines = (DATASETS / "vlsp2016_sa" / "train.jsonl").read_text(encoding="utf-8").splitlines()[::5]
    for line in lines:
        once = normalize(json.loads(line)["text"])
        assert normalize(once) == once


def test_the_chosen_style_dominates_the_shipped_data():
    """The docstring's claim, re-counted: old style is the majority in the training data."""
    rows = read_rules("tone_marks.tsv")
    end = r"(?![^\W\d_])"
    old = re.compile("(?:" + "|".join(r[0] for r in rows) + ")" + end, re.IGNORECASE)
    new = re.compile("(?<!q)(?:" + "|".join(r[1] for r in rows) + ")" + end, re.IGNORECASE)
    counts = {"old": 0, "new": 0}
    for path in sorted([*DATASETS.glob("uit_vsfc/*.jsonl"), *DATASETS.glob("vlsp2016_sa/*.jsonl")]):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = unicodedata.normalize("NFC", json.loads(line)["text"])
            counts["old"] += len(old.findall(text))
            counts["new"] += len(new.findall(text))
    assert counts == {"old": 424, "new": 98}
    assert max(counts, key=counts.__getitem__) == TONE_STYLE
