"""The NLP stage of the pipeline: posts in, copies with ``enrichment`` set out.

Enrichment depends only on the post's text and the model, never on the clock, so running the
stage again over the same posts leaves the index unchanged.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from core.schema import Enrichment, Kind, Post, Sentiment
from core.settings import get_settings
from nlp.classify.base import Classifier, Prediction
from nlp.classify.registry import load_classifier
from nlp.normalize import normalize
from nlp.segment import segment

SCORE_DIGITS = 4  # probabilities rounded so tiny floating-point noise never rewrites a document
_END_OF_SENTENCE = tuple(".!?…:;")


def default_classifier() -> Classifier:
    """The sentiment model named by the ``sentiment_model`` setting (loaded once)."""
    return load_classifier(get_settings().sentiment_model)


def text_for(post: Post) -> str:
    """What is classified, normalised: title and text for articles and posts, the text alone for
    comments (a crawler may put the parent article's headline in a comment's title). A title the
    text already starts with is not repeated."""
    text = normalize(post.text)
    title = normalize(post.title or "")
    if not title or post.kind is Kind.comment or text.startswith(title):
        return text
    return f"{title if title.endswith(_END_OF_SENTENCE) else title + '.'} {text}".strip()


def _batches(posts: Iterable[Post], size: int) -> Iterator[list[Post]]:
    iterator = iter(posts)
    while batch := list(islice(iterator, size)):
        yield batch


def _enrichment(text: str, prediction: Prediction | None, model_id: str) -> Enrichment:
    return Enrichment(
        normalized_text=text,
        tokens=segment(text),
        sentiment=Sentiment(prediction.label) if prediction else None,
        sentiment_score=round(prediction.score, SCORE_DIGITS) if prediction else None,
        model_id=model_id,
    )


def _enrich_batch(posts: Sequence[Post], classifier: Classifier) -> list[Post]:
    texts = [text_for(post) for post in posts]
    judged = [i for i, text in enumerate(texts) if text]
    predictions: list[Prediction | None] = [None] * len(texts)
    for i, prediction in zip(judged, classifier.predict([texts[i] for i in judged]), strict=True):
        predictions[i] = prediction
    return [post.model_copy(update={"enrichment": _enrichment(text, prediction, classifier.model_id)}, deep=True)
            for post, text, prediction in zip(posts, texts, predictions, strict=True)]


def enrich(posts: Iterable[Post], classifier: Classifier | None = None, batch_size: int = 256) -> list[Post]:
    """Copies of ``posts`` with ``enrichment`` set, classified ``batch_size`` at a time.

    An empty text gets no sentiment. Without a classifier the default model is loaded, and
    ModelMissing (hint: ``make models``) is raised when it has not been built."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    enriched: list[Post] = []
    for batch in _batches(posts, batch_size):
        classifier = classifier or default_classifier()
        enriched += _enrich_batch(batch, classifier)
    return enriched
