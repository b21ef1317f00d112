import pytest

from core.ids import canonical_url, post_id


def test_source_id_wins_over_url():
    assert post_id("vnexpress", "4954454", "https://vnexpress.net/a-4954454.html") == "vnexpress:4954454"


def test_url_hash_ignores_tracking_fragment_and_query_order():
    a = post_id("rss", url="https://Example.com/a?b=2&a=1&utm_source=fb#top")
    b = post_id("rss", url="https://example.com/a?a=1&b=2")
    assert a == b
    assert a.startswith("rss:u") and len(a) == len("rss:u") + 24


def test_different_urls_differ():
    assert post_id("rss", url="https://example.com/a") != post_id("rss", url="https://example.com/b")


def test_canonical_url_keeps_meaningful_query():
    assert canonical_url("https://x.vn/p?id=3&utm_medium=x") == "https://x.vn/p?id=3"


@pytest.mark.parametrize("kwargs", [{}, {"source_id": ""}, {"url": ""}])
def test_missing_identity_is_an_error(kwargs):
    with pytest.raises(ValueError, match="source id or its URL"):
        post_id("vnexpress", **kwargs)
