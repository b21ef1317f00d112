"""Triage index setup: idempotent, and a drifted mapping is refused with a hint."""
from __future__ import annotations

import pytest

from core.errors import ConfigError
from store.cases import ensure_cases_index
from triage.cases import ensure_triage_indices

pytestmark = pytest.mark.integration


def test_setup_is_idempotent_and_refuses_a_drifted_mapping(es, settings):
    ensure_triage_indices(es, settings)
    ensure_triage_indices(es, settings)
    assert es.indices.exists_alias(name=settings.index_alias("cases"))
    for name in ("cases", "case-keys", "incidents", "audit"):
        assert es.indices.exists_alias(name=settings.index_alias(name))
    es.indices.put_mapping(index=settings.index_alias("cases"), properties={"extra": {"type": "keyword"}})
    with pytest.raises(ConfigError, match="differs from the one derived from core/case_schema.py") as raised:
        ensure_cases_index(es, settings)
    assert "CASES_SCHEMA_VERSION" in raised.value.hint
