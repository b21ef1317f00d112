"""Rate limits per key/IP and the body-size limit, on a real server with tight settings."""
from __future__ import annotations

import pytest

from intake.limits import TokenBuckets
from tests.intake.conftest import run_api

V2 = "/open311/v2"


def test_token_bucket_allows_a_burst_then_the_rate():
    buckets = TokenBuckets(rate=2, burst=3)
    assert [buckets.take("a", now=0.0) for _ in range(3)] == [0, 0, 0]
    assert buckets.take("a", now=0.0) == pytest.approx(0.5)
    assert buckets.take("b", now=0.0) == 0, "identities are limited separately"
    assert buckets.take("a", now=0.5) == 0, "half a second refills one token at 2/s"
    assert buckets.take("a", now=0.5) > 0


@pytest.mark.integration
def test_reads_per_ip_and_writes_per_key_are_rate_limited(intake_settings):
    settings = intake_settings.model_copy(update={"intake_rate_per_second": 0.5, "intake_rate_burst": 3})
    with run_api(settings) as api, api.client() as client:
        reads = [client.get(f"{V2}/services.json") for _ in range(4)]
        body = {"service_code": "khac", "address_string": "Phường Sài Gòn", "api_key": api.key}
        writes = [client.post(f"{V2}/requests.json", data=body) for _ in range(4)]
    assert [r.status_code for r in reads] == [200, 200, 200, 429]
    assert [r.status_code for r in writes] == [200, 200, 200, 429], "the key has its own bucket"
    for limited in (reads[-1], writes[-1]):
        [error] = limited.json()
        assert error["code"] == 429 and " / Too many requests" in error["description"]
        assert int(limited.headers["Retry-After"]) >= 1


@pytest.mark.integration
def test_bodies_over_the_limit_get_413_declared_or_streamed(intake_settings):
    settings = intake_settings.model_copy(update={"intake_max_body_bytes": 1024})
    big = {"service_code": "khac", "address_string": "x", "description": "a" * 2000}
    with run_api(settings) as api, api.client() as client:
        declared = client.post(f"{V2}/requests.json", data={**big, "api_key": api.key})
        streamed = client.post(f"{V2}/requests.json", params={"api_key": api.key},
                               headers={"Content-Type": "application/x-www-form-urlencoded"},
                               content=(chunk for chunk in [b"service_code=khac&description=", b"a" * 2000]))
        small = client.post(f"{V2}/requests.json", data={**big, "description": "ngắn", "api_key": api.key})
    for response in (declared, streamed):
        assert response.status_code == 413
        [error] = response.json()
        assert error["code"] == 413 and "1024" in error["description"]
    assert small.status_code == 200
