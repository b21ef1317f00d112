"""The NLP stage of the pipeline: posts in, copies with ``enrichment`` set out.

Every field of ``Enrichment`` is filled here: the normalised text, pyvi tokens, the language, and
through the task registry one classifier per task named in the ``enrich_tasks`` setting (each
loaded from its ``<task>_model`` folder; a missing one raises ModelMissing, never silently
skipped), plus places when ``places`` is in ``enrich_tasks``.

- ``complaint`` and ``spam`` are booleans; their scores are the probability of ``complaint`` and
  ``spam``. Every other score is the probability of the label shown.
- ``legal_type`` is only set on posts the complaint model calls a complaint (so it needs
  ``complaint`` in ``enrich_tasks``).
- Scores are rounded, and enrichment depends only on the text and the models, never on the clock:
  running the stage again over the same posts leaves the index unchanged.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from core.schema import Enrichment, Kind, Place, Post
from core.settings import Settings, get_settings
from core.settings_areas.nlp import ENRICH_TASKS
from nlp.classify.base import Classifier, Prediction
from nlp.normalize import normalize

SCORE_DIGITS = 4  # probabilities rounded so tiny floating-point noise never rewrites a document
_END_OF_SENTENCE = tuple(".!?…:;")
CLASSIFIED = tuple(task for task in ENRICH_TASKS if task != "places")  # in the order they are applied
_PROBABILITY_OF = {"complaint": "complaint", "spam": "spam"}


def text_for(post: Post) -> str:
    """What is classified, normalised: title and text for articles and posts, the text alone for
    comments (a crawler may put the parent article's headline in a comment's title). A title the
    text already starts with is not repeated."""
    text = normalize(post.text)
    title = normalize(post.title or "")
    if not title or post.kind is Kind.comment or text.startswith(title):
        return text
    return f"{title if title.endswith(_END_OF_SENTENCE) else title + '.'} {text}".strip()


@dataclass
class Enricher:
    """The classifiers (by task) and the place extractor applied to every batch."""

    classifiers: dict[str, Classifier]
    places: Callable[[Sequence[str]], list[list[Place]]] | None = None

    def enrich_batch(self, posts: Sequence[Post]) -> list[Post]:
        from nlp.language import detect
        from nlp.segment import segment_many

        texts = [text_for(post) for post in posts]
        judged = [i for i, text in enumerate(texts) if text]
        values: list[dict[str, Any]] = [{"normalized_text": text} for text in texts]
        for i, tokens in zip(judged, segment_many([texts[i] for i in judged]), strict=True):
            values[i]["tokens"] = tokens
        for i, (language, score) in zip(judged, detect([texts[i] for i in judged]), strict=True):
            values[i] |= {"language": None if language == "und" else language, "language_score": score}
        for task in CLASSIFIED:
            rows = self._rows_for(task, judged, values)
            if task in self.classifiers and rows:
                self._classify(task, rows, texts, values)
        if self.places is not None:
            for i, places in zip(judged, self.places([texts[i] for i in judged]), strict=True):
                values[i] |= {"places": places, "ward_codes": _ward_codes(places)}
        return [post.model_copy(update={"enrichment": Enrichment(**value)}, deep=True) for post, value in zip(posts, values, strict=True)]

    def _rows_for(self, task: str, judged: list[int], values: list[dict[str, Any]]) -> list[int]:
        if task == "legal_type":
            return [i for i in judged if values[i].get("complaint")]
        return judged

    def _classify(self, task: str, rows: list[int], texts: list[str], values: list[dict[str, Any]]) -> None:
        classifier = self.classifiers[task]
        batch = [texts[i] for i in rows]
        predictions = classifier.predict(batch)
        if task == "urgency":  # the danger lexicon raises what the classifier misses (recall of `high` first)
            from nlp.tasks.urgency import with_danger_rules

            predictions = with_danger_rules(predictions, batch)
        for i, prediction in zip(rows, predictions, strict=True):
            values[i] |= _fields(task, prediction)
            values[i].setdefault("model_ids", []).append(classifier.model_id)
            if task == "sentiment":
                values[i]["model_id"] = classifier.model_id


def _fields(task: str, prediction: Prediction) -> dict[str, Any]:
    if task in _PROBABILITY_OF:
        wanted = _PROBABILITY_OF[task]
        return {task: prediction.label == wanted, f"{task}_score": round(prediction.scores.get(wanted, 0.0), SCORE_DIGITS)}
    if task == "legal_type":
        return {task: prediction.label}
    return {task: prediction.label, f"{task}_score": round(prediction.score, SCORE_DIGITS)}


def _ward_codes(places: list[Place]) -> list[str]:
    return list(dict.fromkeys(p.ward_code for p in places if p.ward_code))


def load_enricher(settings: Settings | None = None) -> Enricher:
    """The classifiers of the ``enrich_tasks`` setting, each from its ``<task>_model`` folder or
    the retrained model promoted in its place (``nlp.retrain``) — ModelMissing with the hint
    ``make models`` when one is not built — and places if asked for."""
    from nlp.classify.registry import load_classifier
    from nlp.retrain import served_model_dir

    settings = settings or get_settings()
    tasks = list(settings.enrich_tasks)
    classifiers = {task: load_classifier(served_model_dir(settings, task)) for task in CLASSIFIED if task in tasks}
    return Enricher(classifiers, _place_extractor() if "places" in tasks else None)


def _place_extractor() -> Callable[[Sequence[str]], list[list[Place]]]:
    from core.errors import ModelMissing

    try:
        from nlp.places import extract_places
    except ModuleNotFoundError as exc:
        raise ModelMissing(f"places are asked for (setting enrich_tasks) but cannot be loaded: {exc}",
                           hint="Remove 'places' from LANGNGHE_ENRICH_TASKS, or restore nlp/places.py.") from exc
    return extract_places


def _batches(posts: Iterable[Post], size: int) -> Iterator[list[Post]]:
    iterator = iter(posts)
    while batch := list(islice(iterator, size)):
        yield batch


def enrich(posts: Iterable[Post], classifiers: Classifier | Mapping[str, Classifier] | Enricher | None = None,
           batch_size: int = 256, settings: Settings | None = None) -> list[Post]:
    """Copies of ``posts`` with ``enrichment`` set, ``batch_size`` at a time.

    ``classifiers``: an ``Enricher``, a mapping task → classifier (only those tasks are applied,
    no places), or a single sentiment classifier; by default ``load_enricher(settings)``, loaded
    on the first batch, so an empty input loads nothing. An empty text gets no predictions."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    enricher = _as_enricher(classifiers)
    enriched: list[Post] = []
    for batch in _batches(posts, batch_size):
        enricher = enricher or load_enricher(settings)
        enriched += enricher.enrich_batch(batch)
    return enriched


def _as_enricher(classifiers: Classifier | Mapping[str, Classifier] | Enricher | None) -> Enricher | None:
    if classifiers is None or isinstance(classifiers, Enricher):
        return classifiers
    if isinstance(classifiers, Classifier):
        return Enricher({"sentiment": classifiers})
    unknown = set(classifiers) - set(CLASSIFIED)
    if unknown:
        raise ValueError(f"unknown tasks {sorted(unknown)}; known: {', '.join(CLASSIFIED)}")
    return Enricher(dict(classifiers))
