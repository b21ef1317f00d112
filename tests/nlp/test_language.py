import subprocess
import sys
from pathlib import Path

import pytest

from nlp.language import detect, unaccented_vietnamese_share

ROOT = Path(__file__).resolve().parents[2]

VIETNAMESE = ["Đường Nguyễn Hữu Cảnh lại ngập sau cơn mưa chiều nay", "Thầy dạy rất nhiệt tình", "kẹt xe quá trời luôn",
              "Rác thải tràn ra đường ở Bình Thạnh, đề nghị phường xử lý"]
UNACCENTED = ["duong nguyen huu canh lai ngap sau mua", "thay day rat nhiet tinh", "ket xe qua troi luon",
              "rac thai tran ra duong o binh thanh de nghi phuong xu ly"]
ENGLISH = ["The street was flooded again after the storm this afternoon", "Traffic jams are getting worse every week",
           "Please fix the broken street lights near the market", "Great article, thanks for sharing this with us"]


@pytest.mark.parametrize("text", VIETNAMESE)
def test_vietnamese(text):
    language, score = detect([text])[0]
    assert language == "vi" and 0.5 < score <= 1.0


@pytest.mark.parametrize("text", UNACCENTED)
def test_vietnamese_without_diacritics_is_still_vietnamese(text):
    assert detect([text])[0][0] == "vi"


@pytest.mark.parametrize("text", ENGLISH)
def test_english(text):
    assert detect([text])[0][0] == "en"


@pytest.mark.parametrize("text", ["", "   ", "12345", "!!! ???", "0909 123 456"])
def test_no_letters_is_undetermined(text):
    assert detect([text]) == [("und", 0.0)]


def test_batches_keep_their_order_and_scores_are_rounded():
    texts = [*VIETNAMESE, *ENGLISH, ""]
    results = detect(texts)
    assert [lang for lang, _ in results] == ["vi"] * 4 + ["en"] * 4 + ["und"]
    assert all(score == round(score, 4) and 0 <= score <= 1 for _, score in results)
    assert detect([]) == []


def test_vietnamese_spelling_share():
    assert unaccented_vietnamese_share("duong nguyen hue ngap") == 1.0
    assert unaccented_vietnamese_share("the street with flooding") < 0.5  # "the" is a possible syllable, the rest not
    assert unaccented_vietnamese_share("") == 0.0


def test_importing_the_module_does_not_load_the_model():
    code = "import sys, nlp.language\nprint('py3langid' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
