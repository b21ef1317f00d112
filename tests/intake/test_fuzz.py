"""Fuzzing from the API's own OpenAPI document (schemathesis), against the real server and
store: whatever the generated input — fitting the schema or deliberately not — no 5xx, and
every answer has a documented status, content type and shape (the GeoReport error array
included). Bounded to a few examples per operation and mode so it runs in well under a minute.

(schemathesis' pytest plugin does not run under pytest 9 yet, so each operation's strategy is
driven by Hypothesis directly.)"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.integration

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def operations(api):
    schema = schemathesis.openapi.from_url(f"{api.url}/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


def test_the_document_covers_every_endpoint(operations):
    assert {f"{op.method.upper()} {op.path}" for op in operations} == {
        "GET /open311/v2/services.json", "GET /open311/v2/services/{service_code}.json",
        "GET /open311/v2/requests.json", "POST /open311/v2/requests.json",
        "GET /open311/v2/requests/{service_request_id}.json", "GET /open311/v2/tokens/{token}.json"}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_errors_and_documented_answers(api, operations, mode):
    calls = 0
    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=10, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case):
            nonlocal calls
            if case.method == "POST":  # the real key, so that fuzzing reaches validation and the store
                if isinstance(case.body, dict):
                    case.body.pop("api_key", None)
                case.query = {**(case.query or {}), "api_key": api.key}
            case.call_and_validate(base_url=api.url, checks=CHECKS)
            calls += 1

        fuzz()
    assert calls >= len(operations) * 5
