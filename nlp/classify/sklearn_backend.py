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
from itertools import repeat
from pathlib import Path
from typing import Any

from core.errors import ModelMissing
from nlp.classify.base import Classifier, Prediction, prediction_from_row
from nlp.classify.registry import register_backend
from nlp.normalize import collapse_whitespace, normalize, read_rules

ARTIFACT = "model.joblib"
MODELS = ("logreg", "svm", "vote")
PREPARED_CACHE = 50_000  # enrichment hands the same texts to every task's model


@lru_cache(maxsize=1)
def _emoticons() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern), f" {word} ") for pattern, word in read_rules("emoticon_words.tsv")]


@lru_cache(maxsize=PREPARED_CACHE)
def prepare_text(text: str) -> str:
    """The classifier's view of a text: normalised, emoticons as words, lower-cased."""
    text = normalize(text)
    for pattern, word in _emoticons():
        text = pattern.sub(word, text)
    return collapse_whitespace(text).lower()


def prepare_texts(texts: Sequence[str]) -> list[str]:
    return [prepare_text(text) for text in texts]


class HardVotePipeline:
    """Shared features, then a hard vote of linear models, with probabilities.

    scikit-learn's hard ``VotingClassifier`` has no ``predict_proba`` and refits the features per
    member; calibrated soft voting undid the class balancing. Here the features are built once, and
    a label's probability is (its votes + the first member's probability of it) / (members + 1): the
    majority label always wins, a three-way tie goes to the first member, and the top score still
    says how sure the ensemble is. Same ``fit`` / ``predict_proba`` / ``classes_`` as a Pipeline."""

    def __init__(self, features: Any, members: list[Any]) -> None:
        self.features, self.members = features, members

    def fit(self, texts: Sequence[str], labels: Sequence[str], sample_weight: Sequence[float] | None = None) -> HardVotePipeline:
        matrix = self.features.fit_transform(texts)
        for member in self.members:
            member.fit(matrix, labels, sample_weight=sample_weight)
        self.classes_ = self.members[0].classes_
        return self

    def predict_proba(self, texts: Sequence[str]) -> Any:
        import numpy as np

        matrix = self.features.transform(texts)
        votes = np.zeros((matrix.shape[0], len(self.classes_)))
        column = {label: i for i, label in enumerate(self.classes_)}
        rows = np.arange(matrix.shape[0])
        for member in self.members:
            votes[rows, [column[label] for label in member.predict(matrix)]] += 1
        return (votes + _probabilities(self.members[0], matrix)) / (len(self.members) + 1)


def _probabilities(model: Any, matrix: Any) -> Any:
    """predict_proba, or a softmax of the decision function for margin models (LinearSVC)."""
    if hasattr(model, "predict_proba"):
        return model.predict_proba(matrix)
    from scipy.special import softmax

    return softmax(model.decision_function(matrix), axis=1)


def _head(model: str, c: float, class_weight: str | None, seed: int, svm_c: float, sgd_alpha: float) -> Any:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression, SGDClassifier
    from sklearn.svm import LinearSVC

    if model == "logreg":
        return LogisticRegression(C=c, class_weight=class_weight, max_iter=2000)
    if model == "svm":
        return CalibratedClassifierCV(LinearSVC(C=c, class_weight=class_weight, random_state=seed), cv=3)
    if model == "vote":  # the first member breaks ties and gives the probabilities
        return [SGDClassifier(loss="modified_huber", alpha=sgd_alpha, class_weight=class_weight, max_iter=50, tol=1e-4,
                              random_state=seed),
                LinearSVC(C=svm_c, class_weight=class_weight, random_state=seed),
                LinearSVC(C=c, class_weight=class_weight, random_state=seed)]
    raise ValueError(f"model must be one of {MODELS}, not {model!r}")


def build_pipeline(model: str = "logreg", c: float = 4.0, class_weight: str | None = None, seed: int = 0,
                   word_ngrams: tuple[int, int] = (1, 2), char_analyzer: str = "char_wb", char_ngrams: tuple[int, int] = (2, 5),
                   char_max_features: int = 150_000, word_max_features: int | None = None, svm_c: float = 0.3,
                   sgd_alpha: float = 2e-5) -> Any:
    """An unfitted pipeline; ``model`` is 'logreg', 'svm' (LinearSVC, sigmoid-calibrated) or 'vote'
    (hard vote of a modified-Huber SGD, LinearSVC C=``svm_c`` and LinearSVC C=``c``; logistic
    regression was as accurate in the vote but took 40× longer to fit)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    words = TfidfVectorizer(ngram_range=tuple(word_ngrams), token_pattern=r"(?u)\b\w+\b", min_df=2, sublinear_tf=True,
                            lowercase=False, max_features=word_max_features)
    chars = TfidfVectorizer(analyzer=char_analyzer, ngram_range=tuple(char_ngrams), min_df=3, max_features=char_max_features,
                            sublinear_tf=True, lowercase=False)
    features = [("prepare", FunctionTransformer(prepare_texts)), ("features", FeatureUnion([("words", words), ("chars", chars)]))]
    head = _head(model, c, class_weight, seed, svm_c, sgd_alpha)
    if isinstance(head, list):
        return HardVotePipeline(Pipeline(features), head)
    return Pipeline([*features, ("model", head)])


def with_stripped_copies(texts: Sequence[str], labels: Sequence[str], weights: Sequence[float] | None = None
                         ) -> tuple[list[str], list[str], list[float] | None]:
    """The texts, then each again with its diacritics removed (where that changes it), so the
    model learns unaccented Vietnamese as well as accented."""
    from core.folding import fold

    weights = list(weights) if weights is not None else None
    extra = [i for i, text in enumerate(texts) if fold(text) != text.lower()]
    texts_out = [*texts, *(fold(texts[i]) for i in extra)]
    labels_out = [*labels, *(labels[i] for i in extra)]
    return texts_out, labels_out, ([*weights, *(weights[i] for i in extra)] if weights is not None else None)


ANALYSIS_CACHE = 2048  # documents; enrichment hands each batch (256) to every task's model in turn
_SHARED: dict[tuple[Any, ...], SharedAnalysis] = {}


class SharedAnalysis:
    """One analysis setting (analyzer, n-gram range, …) shared by every loaded vectorizer that uses it.

    Every task's model cuts the same prepared text into the same n-grams; only the vocabulary
    differs, and cutting and looking up n-grams in Python is most of the cost of a prediction. Here
    a text is cut once and its n-grams numbered in the union of the vocabularies; each model's
    counts are then one array look-up. The counts are exactly scikit-learn's (a test compares)."""

    def __init__(self, analyze: Any) -> None:
        self.analyze = analyze
        self.ids: dict[str, int] = {}
        self.maps: dict[int, Any] = {}
        self.members: list[Any] = []
        self.term_ids = lru_cache(maxsize=ANALYSIS_CACHE)(self._term_ids)

    def add(self, vectorizer: Any) -> None:
        import numpy as np

        for term in vectorizer.vocabulary_:
            self.ids.setdefault(term, len(self.ids))
        self.term_ids.cache_clear()
        self.members.append(vectorizer)
        for member in self.members:
            mapping = np.full(len(self.ids), -1, dtype=np.int64)
            mapping[[self.ids[term] for term in member.vocabulary_]] = list(member.vocabulary_.values())
            self.maps[id(member)] = mapping

    def _term_ids(self, document: str) -> Any:
        import numpy as np

        terms = self.analyze(document)
        found = np.fromiter(map(self.ids.get, terms, repeat(-1, len(terms))), dtype=np.int64, count=len(terms))
        return found[found >= 0]

    def count(self, vectorizer: Any, documents: Sequence[str]) -> tuple[dict[str, int], Any]:
        """What ``vectorizer._count_vocab(documents, fixed_vocab=True)`` returns."""
        import numpy as np
        from scipy import sparse

        mapping, columns, rows = self.maps[id(vectorizer)], [], []
        for row, document in enumerate(documents):
            local = mapping[self.term_ids(document)]
            local = local[local >= 0]
            columns.append(local)
            rows.append(np.full(len(local), row, dtype=np.int64))
        columns_all = np.concatenate(columns) if columns else np.zeros(0, dtype=np.int64)
        rows_all = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        counts = sparse.csr_array((np.ones(len(columns_all)), (rows_all, columns_all)),
                                  shape=(len(documents), len(vectorizer.vocabulary_)), dtype=vectorizer.dtype)
        counts.sum_duplicates()
        counts.sort_indices()
        return vectorizer.vocabulary_, _sparse_api(counts)


def _sparse_api(matrix: Any) -> Any:
    try:
        from sklearn.feature_extraction.text import _align_api_if_sparse
    except ImportError:  # older scikit-learn: sparse matrices throughout
        from scipy import sparse

        return sparse.csr_matrix(matrix)
    return _align_api_if_sparse(matrix)


def _analysis_key(vectorizer: Any) -> tuple[Any, ...] | None:
    if callable(vectorizer.analyzer) or vectorizer.preprocessor is not None or vectorizer.tokenizer is not None:
        return None
    return (vectorizer.analyzer, tuple(vectorizer.ngram_range), vectorizer.lowercase, vectorizer.token_pattern,
            vectorizer.strip_accents, repr(vectorizer.stop_words), vectorizer.input, vectorizer.encoding, vectorizer.decode_error)


def share_analysis(pipeline: Any) -> None:
    """Route every TF-IDF vectorizer of a loaded model through the ``SharedAnalysis`` of its setting.
    Only loaded models are changed; a model being fitted never is."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    for vectorizer in _vectorizers(pipeline, TfidfVectorizer):
        key = _analysis_key(vectorizer)
        if key is None or not hasattr(vectorizer, "vocabulary_"):
            continue
        if key not in _SHARED:
            _SHARED[key] = SharedAnalysis(vectorizer.build_analyzer())
        shared = _SHARED[key]
        shared.add(vectorizer)
        original = vectorizer._count_vocab
        vectorizer._count_vocab = (lambda documents, fixed_vocab, v=vectorizer, s=shared, o=original:
                                   s.count(v, documents) if fixed_vocab else o(documents, fixed_vocab))


def _vectorizers(node: Any, kind: type) -> list[Any]:
    if isinstance(node, kind):
        return [node]
    children = [step for _, step in getattr(node, "steps", [])] + [step for _, step in getattr(node, "transformer_list", [])]
    if isinstance(node, HardVotePipeline):
        children.append(node.features)
    return [found for child in children for found in _vectorizers(child, kind)]


def clear_analysis_cache() -> None:
    for shared in _SHARED.values():
        shared.term_ids.cache_clear()
    prepare_text.cache_clear()


@register_backend("sklearn")
class SklearnClassifier(Classifier):
    def __init__(self, pipeline: Any, model_id: str) -> None:
        self.pipeline = pipeline
        self.model_id = model_id
        self.labels = [str(label) for label in pipeline.classes_]

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str], model_id: str, augment_stripped: bool = False,
            sample_weight: Sequence[float] | None = None, **options: Any) -> SklearnClassifier:
        """Train a new model; ``augment_stripped`` adds a diacritic-free copy of every text (with
        the same weight), other ``options`` go to ``build_pipeline``."""
        if augment_stripped:
            texts, labels, sample_weight = with_stripped_copies(texts, labels, sample_weight)
        pipeline = build_pipeline(**options)
        if sample_weight is None:
            pipeline.fit(list(texts), list(labels))
        elif isinstance(pipeline, HardVotePipeline):
            pipeline.fit(list(texts), list(labels), sample_weight=list(sample_weight))
        else:
            pipeline.fit(list(texts), list(labels), model__sample_weight=list(sample_weight))
        return cls(pipeline, model_id)

    @classmethod
    def load(cls, path: Path, meta: dict[str, Any]) -> SklearnClassifier:
        import joblib

        artifact = path / meta.get("artifact", ARTIFACT)
        if not artifact.is_file():
            raise ModelMissing(f"model artifact {artifact} is missing")
        classifier = cls(joblib.load(artifact), meta["model_id"])
        share_analysis(classifier.pipeline)
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
