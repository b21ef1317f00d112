"""normalize, language, scope and incremental: each does one job and counts what it did."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from core.schema import Post
from crawlers.pipelines.incremental import NEWEST, IncrementalPipeline
from crawlers.pipelines.language import LanguagePipeline, language_of, load_detector
from crawlers.pipelines.normalize import NormalizePipeline
from crawlers.pipelines.scope import ScopePipeline
from crawlers.sources import Scope

WHEN = datetime(2026, 11, 30, tzinfo=UTC)


def post(**overrides) -> Post:
    fields = {"source": "tuoitre", "canonical_id": "1", "url": "https://tuoitre.vn/a-1.htm", "kind": "article",
              "title": "Ngập ở TP.HCM", "text": "Đường ngập sâu", "published_at": WHEN, "collected_at": WHEN,
              "language": "vi"}
    return Post.model_validate(fields | overrides)


@pytest.fixture
def stats():
    return get_crawler().stats


def test_normalize_tidies_text_fields_and_counts(stats):
    messy = post(title="  Ngập\u200b ở  TP.HCM ", text="Hoa\u0300 \u00a0 ng\u1eadp\n\n\n\nquá", author=" ")
    tidy = NormalizePipeline(stats).process_item(messy)

    assert tidy.title == "Ngập ở TP.HCM" and tidy.text == "Hoà ngập\nquá" and tidy.author is None
    assert stats.get_value("normalize/title") == stats.get_value("normalize/text") == 1
    assert NormalizePipeline(stats).process_item(tidy) == tidy


def test_scope_keeps_matches_and_their_thread_drops_the_rest(stats):
    scope = ScopePipeline(stats, Scope(include=["tp.hcm", "sài gòn"], exclude=["quảng cáo"]))
    article = scope.process_item(post())
    reply = post(canonical_id="c1", kind="comment", title=None, text="Đúng vậy", parent_id=article.id)
    assert scope.process_item(reply) == reply  # off-topic words, but it belongs to a kept article
    assert scope.process_item(post(canonical_id="2", title=None, text="Ve Sai Gon choi"))  # accents ignored
    with pytest.raises(DropItem):
        scope.process_item(post(canonical_id="3", title="Hà Nội", text="Cầu mới"))
    with pytest.raises(DropItem):
        scope.process_item(post(canonical_id="4", text="Quảng cáo nhà đất TP.HCM"))
    with pytest.raises(DropItem):  # whole words only: "tphcmx" is not "tphcm"
        scope.process_item(post(canonical_id="5", title=None, text="tphcmx"))
    assert (stats.get_value("scope/in_scope"), stats.get_value("scope/out_of_scope"),
            stats.get_value("scope/excluded")) == (3, 2, 1)


def test_no_scope_keeps_everything(stats):
    assert ScopePipeline(stats, Scope()).process_item(post(title="Hà Nội")) is not None


def test_incremental_drops_old_counts_and_tracks_the_newest(stats):
    pipeline = IncrementalPipeline(stats, since=WHEN)
    with pytest.raises(DropItem):
        pipeline.process_item(post(published_at=WHEN))
    newer = WHEN + timedelta(hours=2)
    pipeline.process_item(post(published_at=newer))
    pipeline.process_item(post(canonical_id="2", published_at=WHEN + timedelta(hours=1)))
    pipeline.process_item(post(canonical_id="3", published_at=None))

    assert stats.get_value("incremental/old") == 1 and stats.get_value("incremental/new") == 2
    assert stats.get_value("incremental/undated") == 1
    assert datetime.fromisoformat(stats.get_value(NEWEST)) == newer


def test_language_check_uses_the_nlp_detector_and_counts_mismatches(stats):
    detect = load_detector()
    pipeline = LanguagePipeline(stats, detect)
    english = pipeline.process_item(post(text="The flooding on this street is terrible again this evening"))
    vietnamese = pipeline.process_item(post(text="Đường Nguyễn Hữu Cảnh lại ngập sâu sau cơn mưa chiều nay"))
    if detect is None:  # nlp.language not there: the pipeline passes items through and says so
        assert stats.get_value("language/skipped") == 2
        return
    assert english.language == "en" and vietnamese.language == "vi"
    assert stats.get_value("language/mismatch/en") == 1
    assert pipeline.process_item(post(text="ok")).language == "vi" and stats.get_value("language/too_short") == 1


def test_language_results_in_any_shape():
    assert language_of("vi") == ("vi", None)
    assert language_of(("en", 0.9)) == ("en", 0.9)
    assert language_of(None) == (None, None)
