from datetime import datetime, timedelta, timezone

import pytest

from core.errors import ModelMissing
from core.schema import Post, Sentiment
from core.settings import get_settings
from nlp.enrich import enrich, text_for

WHEN = datetime(2026, 11, 30, 7, 0, tzinfo=timezone(timedelta(hours=7)))


def _post(text: str, kind: str = "comment", title: str | None = None, n: int = 0) -> Post:
    return Post(source="test", url=f"https://example.vn/{kind}/{n}", kind=kind, title=title, text=text,
                collected_at=WHEN)


POSTS = [
    _post("Thầy giảng bài rất hay, nhiệt tình :)", n=1),
    _post("Máy nóng quá, pin tụt nhanh, thất vọng", n=2),
    _post("Đường ngập sau mưa", kind="article", title="Hoà Bình: kẹt xe", n=3),
    _post("   ", n=4),
    _post("Cảm ơn anh đã phản hồi", kind="post", title="Cảm ơn anh", n=5),
]


def test_every_post_gets_an_enrichment(tiny_classifier):
    enriched = enrich(POSTS, tiny_classifier)
    assert [p.id for p in enriched] == [p.id for p in POSTS]
    first = enriched[0].enrichment
    assert first.normalized_text == "Thầy giảng bài rất hay, nhiệt tình :)"
    assert first.tokens == ["Thầy", "giảng", "bài", "rất", "hay", ",", "nhiệt_tình", ":", ")"]
    assert first.sentiment in set(Sentiment)
    assert 0.0 <= first.sentiment_score <= 1.0
    assert first.model_id == tiny_classifier.model_id == "sentiment-tiny-v0-20261130"


def test_inputs_are_not_modified(tiny_classifier):
    enrich(POSTS, tiny_classifier)
    assert all(p.enrichment is None for p in POSTS)


def test_articles_are_classified_with_their_title():
    assert text_for(POSTS[2]) == "Hòa Bình: kẹt xe. Đường ngập sau mưa"
    assert text_for(_post("Giá xăng tăng", kind="article", title="Giá xăng!")) == "Giá xăng! Giá xăng tăng"
    assert text_for(_post("Giá xăng tăng", kind="article", title="Xăng")) == "Xăng. Giá xăng tăng"
    assert text_for(_post("ý kiến của tôi", title="Headline of the parent article")) == "ý kiến của tôi"
    assert text_for(POSTS[4]) == "Cảm ơn anh đã phản hồi"  # a title the text starts with is not repeated


def test_an_empty_text_gets_no_sentiment(tiny_classifier):
    empty = enrich([POSTS[3]], tiny_classifier)[0].enrichment
    assert (empty.normalized_text, empty.tokens, empty.sentiment, empty.sentiment_score) == ("", [], None, None)


def test_deterministic_whatever_the_batching(tiny_classifier):
    documents = [p.to_document() for p in enrich(POSTS, tiny_classifier)]
    assert [p.to_document() for p in enrich(POSTS, tiny_classifier)] == documents
    assert [p.to_document() for p in enrich(iter(POSTS), tiny_classifier, batch_size=1)] == documents


def test_nothing_to_do_loads_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv("LANGNGHE_SENTIMENT_MODEL", str(tmp_path / "absent"))
    get_settings.cache_clear()
    try:
        assert enrich([]) == []
        with pytest.raises(ModelMissing, match="absent"):
            enrich(POSTS[:1])
    finally:
        get_settings.cache_clear()


def test_batch_size_must_be_positive(tiny_classifier):
    with pytest.raises(ValueError, match="batch_size"):
        enrich(POSTS, tiny_classifier, batch_size=0)


# --- every field, through real (tiny) models of each task -------------------------------------------------

TINY_TASKS = {
    "complaint": [("đường ngập nặng đề nghị xử lý", "complaint"), ("rác thải bốc mùi đề nghị phường xử lý", "complaint"),
                  ("cảm ơn bài viết hay", "non_complaint"), ("chúc mọi người cuối tuần vui", "non_complaint")],
    "urgency": [("cháy nhà có người mắc kẹt", "high"), ("đường ngập nặng đề nghị xử lý", "medium"),
                ("vỉa hè hơi bẩn", "low"), ("cảm ơn bài viết hay", "low")],
    "legal_type": [("đường ngập nặng đề nghị xử lý", "phan_anh"), ("đề nghị lắp thêm đèn", "kien_nghi"),
                   ("khiếu nại quyết định thu hồi đất", "khieu_nai"), ("tố cáo cán bộ nhận hối lộ", "to_cao")],
    "toxicity": [("cảm ơn bài viết hay", "clean"), ("đồ ngu", "offensive"), ("bọn chúng nó đáng chết", "hate"),
                 ("đường ngập nặng", "clean")],
    "spam": [("inbox để mua hàng giá rẻ", "spam"), ("liên hệ ngay nhận quà", "spam"), ("đường ngập nặng", "not_spam"),
             ("cảm ơn bài viết hay", "not_spam")],
    "topic": [("đường ngập nặng sau mưa", "ngap_nuoc"), ("kẹt xe ở vòng xoay", "giao_thong"), ("rác thải bốc mùi", "moi_truong"),
              ("cảm ơn bài viết hay", "khac")],
}


@pytest.fixture(scope="module")
def all_classifiers(tiny_classifier):
    from nlp.classify.sklearn_backend import SklearnClassifier

    made = {"sentiment": tiny_classifier}
    for task, rows in TINY_TASKS.items():
        texts, labels = zip(*(rows * 3), strict=True)
        made[task] = SklearnClassifier.fit(texts, labels, f"{task}-tiny-v0", model="logreg", c=10.0)
    return made


def test_every_field_is_filled(all_classifiers):
    post = _post("Đường ngập nặng quá, đề nghị xử lý gấp ko thể đi được, gọi 0909 123 456", n=10)
    e = enrich([post], all_classifiers)[0].enrichment
    assert "không" in e.normalized_text and "__phone__" in e.normalized_text and "0909" not in e.normalized_text
    assert e.tokens and e.language == "vi" and 0 < e.language_score <= 1
    assert e.topic in {"ngap_nuoc", "giao_thong", "moi_truong", "khac"} and 0 < e.topic_score <= 1
    assert isinstance(e.complaint, bool) and 0 <= e.complaint_score <= 1
    assert e.urgency is not None and e.toxicity is not None and isinstance(e.spam, bool)
    assert (e.legal_type is not None) == e.complaint
    expected_ids = [all_classifiers[t].model_id for t in ("sentiment", "topic", "complaint", "urgency", "legal_type", "toxicity", "spam")
                    if t != "legal_type" or e.complaint]
    assert e.model_ids == expected_ids
    assert e.model_id == all_classifiers["sentiment"].model_id


def test_legal_type_only_for_complaints(all_classifiers):
    posts = [_post(text, n=20 + i) for i, (text, _) in enumerate(TINY_TASKS["complaint"])]
    for post in enrich(posts, all_classifiers):
        assert (post.enrichment.legal_type is not None) == post.enrichment.complaint


def test_scores_are_rounded_and_reruns_are_identical(all_classifiers):
    posts = [_post(text, n=30 + i) for i, (text, _) in enumerate(TINY_TASKS["urgency"])]
    first = [p.to_document() for p in enrich(posts, all_classifiers)]
    assert [p.to_document() for p in enrich(posts, all_classifiers, batch_size=1)] == first
    for doc in first:
        for key in ("sentiment_score", "topic_score", "complaint_score", "urgency_score", "toxicity_score", "spam_score"):
            value = doc["enrichment"][key]
            assert value == round(value, 4)


def test_unknown_task_names_are_refused(tiny_classifier):
    with pytest.raises(ValueError, match="unknown tasks"):
        enrich(POSTS, {"mood": tiny_classifier})


def test_tasks_come_from_the_settings(monkeypatch, tiny_model_dir, tmp_path):
    monkeypatch.setenv("LANGNGHE_SENTIMENT_MODEL", str(tiny_model_dir))
    monkeypatch.setenv("LANGNGHE_ENRICH_TASKS", '["sentiment"]')
    get_settings.cache_clear()
    try:
        e = enrich(POSTS[:1])[0].enrichment
        assert e.sentiment is not None and e.topic is None and e.model_ids == [tiny_model_dir.name]
        monkeypatch.setenv("LANGNGHE_ENRICH_TASKS", '["sentiment", "topic"]')
        monkeypatch.setenv("LANGNGHE_TOPIC_MODEL", str(tmp_path / "no-topic-model"))
        get_settings.cache_clear()
        with pytest.raises(ModelMissing, match="no-topic-model") as caught:
            enrich(POSTS[:1])
        assert "make models" in caught.value.hint
    finally:
        get_settings.cache_clear()


def test_an_unknown_enrich_task_setting_is_refused(monkeypatch):
    from pydantic import ValidationError

    from core.settings import Settings

    monkeypatch.setenv("LANGNGHE_ENRICH_TASKS", '["sentiment", "horoscope"]')
    with pytest.raises(ValidationError, match="horoscope"):
        Settings()


def test_places_are_filled_when_asked_for(monkeypatch, tiny_model_dir):
    pytest.importorskip("nlp.places")
    monkeypatch.setenv("LANGNGHE_SENTIMENT_MODEL", str(tiny_model_dir))
    monkeypatch.setenv("LANGNGHE_ENRICH_TASKS", '["sentiment", "places"]')
    get_settings.cache_clear()
    try:
        text = "Hẻm 45/12 Lê Văn Sỹ, phường 13, quận 3 ngập nặng"
        e = enrich([_post(text, n=40)])[0].enrichment
        from nlp.places import extract_places

        expected = extract_places([e.normalized_text])[0]
        assert e.places == expected and expected
        assert e.ward_codes == list(dict.fromkeys(p.ward_code for p in expected if p.ward_code))
    finally:
        get_settings.cache_clear()
