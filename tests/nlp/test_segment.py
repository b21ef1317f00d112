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
    modules = ("nlp, nlp.normalize, nlp.segment, nlp.enrich, nlp.evaluate, nlp.train, nlp.classify.sklearn_backend, nlp.language, "
               "nlp.bench, nlp.eval_report, nlp.model_card, nlp.tasks.sentiment, nlp.tasks.splits, cli.nlp_commands")
    code = (f"import sys, {modules}\n"
            "heavy = sorted(m for m in ('pyvi', 'sklearn', 'joblib', 'numpy') if m in sys.modules)\n"
            "print(','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_the_fast_features_give_pyvis_output_token_for_token():
    """nlp.segment.tokenize builds pyvi's CRF features itself; on real texts the result is pyvi's."""
    import json

    from pyvi import ViTokenizer

    from nlp.segment import tokenize

    datasets = ROOT / "data" / "datasets"
    texts = []
    for path in sorted(datasets.glob("*/*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines[:: max(1, len(lines) // 300)]]
    texts += ["", "   ", "Hồ Chí Minh", "TP.HCM 12,5% ==> a@b.vn http://x.vn", "ĐƯỜNG NGẬP", "Thành phố Hồ Chí Minh ngập nước."]
    assert len(texts) > 1000
    assert [tokenize(t) for t in texts] == [ViTokenizer.tokenize(t) for t in texts]


def test_segment_many_matches_segment():
    from nlp.normalize import normalize
    from nlp.segment import segment_many

    texts = ["Thành phố Hồ Chí Minh ngập nước. Kẹt xe! Hoà bình?", "ko bít j", ""]
    assert segment_many([normalize(t) for t in texts]) == [segment(t) for t in texts]
    assert segment_many(texts, normalized=False) == [segment(t) for t in texts]
