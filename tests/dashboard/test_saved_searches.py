"""store.saved_searches against the real Elasticsearch: per user, replaced by name, never another's."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.errors import InvalidInput
from store.saved_searches import delete_search, list_searches, save_search

pytestmark = pytest.mark.integration
NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


def test_saved_searches_are_per_user_and_replaced_by_name(settings, es):
    assert list_searches(es, settings, "thu") == []  # no index yet: nothing saved
    first = save_search(es, settings, owner="thu", name="Ngập", query="ngập", filters={"wards": ["26929"]}, now=NOW)
    again = save_search(es, settings, owner="thu", name=" Ngập ", query="ngập | triều", filters={}, now=NOW)
    save_search(es, settings, owner="lan", name="Ngập", query="ngập", filters={}, now=NOW)
    assert first.id == again.id
    mine = list_searches(es, settings, "thu")
    assert [(s.name, s.query) for s in mine] == [("Ngập", "ngập | triều")]
    assert not delete_search(es, settings, "lan", first.id)  # not lan's to delete
    assert delete_search(es, settings, "thu", first.id)
    assert list_searches(es, settings, "thu") == [] and len(list_searches(es, settings, "lan")) == 1


def test_a_saved_search_needs_a_name(settings, es):
    with pytest.raises(InvalidInput):
        save_search(es, settings, owner="thu", name="  ", query="x", filters={}, now=NOW)
