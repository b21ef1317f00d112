import subprocess
import sys
import unicodedata
from pathlib import Path

from nlp.segment import segment

ROOT = Path(__file__).resolve().parents[2]


def test_multi_syllable_words_are_joined():
    assert segment("Thành phố Hồ Chí Minh ngập nước.") == ["Thành_phố", "Hồ_Chí_Minh", "ngập", "nước", "."]


def test_normalises_first_and_keeps_the_old_tone_style():
    """pyvi's lexicon is new style; tokens still come out in normalisation's style, joined."""
    text = unicodedata.normalize("NFD", "Hoà bình và sức khoẻ") + "&amp;<br>thuỷ thủ"
    assert segment(text) == ["Hòa_bình", "và", "sức_khỏe", "&", "thủy_thủ"]
    assert segment("hòa bình") == segment("hoà bình") == ["hòa_bình"]


def test_empty_text_has_no_tokens():
    assert segment("") == []
    assert segment(" <br> \u200b ") == []


def test_importing_the_package_loads_neither_pyvi_nor_sklearn():
    modules = "nlp, nlp.normalize, nlp.segment, nlp.enrich, nlp.evaluate, nlp.train, nlp.classify.sklearn_backend"
    code = (f"import sys, {modules}\n"
            "heavy = sorted(m for m in ('pyvi', 'sklearn', 'joblib', 'numpy') if m in sys.modules)\n"
            "print(','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
