"""scikit-learn backend: TF-IDF over words and characters, and a linear model with probabilities.

Features are built from lower-cased normalised syllables, not pyvi words: syllable bigrams already
cover two-syllable words and the model stays independent of the segmenter. Character n-grams
within words add robustness to missing diacritics, teencode and typos. The fitted pipeline, including
``prepare_texts``, is one joblib file; functions are pickled by reference, so this module's
path must stay importable.

scikit-learn is imported inside functions: importing this module registers the backend and
stays cheap.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.errors import ModelMissing
from nlp.classify.base import Classifier, Prediction, prediction_from_row
from nlp.classify.registry import register_backend
from nlp.normalize import collapse_whitespace, normalize, read_rules

ARTIFACT = "model.joblib"
MODELS = ("logreg", "svm")


@lru_cache(maxsize=1)
def _emoticons() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern), f" {word} ") for pattern, word in read_rules("emoticon_words.tsv")]


def prepare_text(text: str) -> str:
    """The classifier's view of a text: normalised, emoticons as words, lower-cased."""
    text = normalize(text)
    for pattern, word in _emoticons():
        text = pattern.sub(word, text)
    return collapse_whitespace(text).lower()


def prepare_texts(texts: Sequence[str]) -> list[str]:
    return [prepare_text(text) for text in texts]


def build_pipeline(model: str = "logreg", c: float = 4.0, class_weight: str | None = None, seed: int = 0) -> Any:
    """An unfitted pipeline; ``model`` is 'logreg' or 'svm' (LinearSVC, sigmoid-calibrated)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer
    from sklearn.svm import LinearSVC

    words = TfidfVectorizer(ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b", min_df=2, sublinear_tf=True,
                            lowercase=False)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, max_features=150_000,
                            sublinear_tf=True, lowercase=False)
    if model == "logreg":
        head = LogisticRegression(C=c, class_weight=class_weight, max_iter=2000)
    elif model == "svm":
        head = CalibratedClassifierCV(LinearSVC(C=c, class_weight=class_weight, random_state=seed), cv=3)
    else:
        raise ValueError(f"model must be one of {MODELS}, not {model!r}")
    return Pipeline([
        ("prepare", FunctionTransformer(prepare_texts)),
        ("features", FeatureUnion([("words", words), ("chars", chars)])),
        ("model", head),
    ])


@register_backend("sklearn")
class SklearnClassifier(Classifier):
    def __init__(self, pipeline: Any, model_id: str) -> None:
        self.pipeline = pipeline
        self.model_id = model_id
        self.labels = [str(label) for label in pipeline.classes_]

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str], model_id: str, **options: Any) -> SklearnClassifier:
        """Train a new model; ``options`` go to ``build_pipeline``."""
        pipeline = build_pipeline(**options)
        pipeline.fit(list(texts), list(labels))
        return cls(pipeline, model_id)

    @classmethod
    def load(cls, path: Path, meta: dict[str, Any]) -> SklearnClassifier:
        import joblib

        artifact = path / meta.get("artifact", ARTIFACT)
        if not artifact.is_file():
            raise ModelMissing(f"model artifact {artifact} is missing")
        classifier = cls(joblib.load(artifact), meta["model_id"])
        if classifier.labels != list(meta["labels"]):
            raise ModelMissing(f"{path}/meta.json lists labels {meta['labels']} but the artifact has {classifier.labels}",
                               hint="The folder mixes two trainings; rebuild it with `make models`.")
        return classifier

    def save(self, path: Path) -> Path:
        import joblib

        path.mkdir(parents=True, exist_ok=True)
        joblib.dump(self.pipeline, path / ARTIFACT, compress=3)
        return path / ARTIFACT

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        if len(texts) == 0:
            return []
        probabilities = self.pipeline.predict_proba(list(texts))
        return [prediction_from_row(self.labels, row) for row in probabilities]
