"""Every submission becomes a case at once (the API opens it after answering), and the sweep
opens the case of any stored request that has none, never two."""
import time
from datetime import UTC, datetime, timedelta

import pytest

from store.cases import CaseNotFound, get_case, linked_case_id
from store.client import make_client
from tests.intake.conftest import drop_intake, run_api
from triage.intake_cases import open_pending_cases

pytestmark = pytest.mark.integration

FLOOD = {"service_code": "ngap_nuoc", "address_string": "hẻm 45/12 Lê Văn Sỹ, Phường 13, Quận 3", "attribute[do_sau]": "den_dau_goi",
         "description": "Nước ngập tới đầu gối sau cơn mưa chiều nay, xe máy chết máy hàng loạt trong hẻm."}


def test_a_posted_request_gets_its_case_at_once(settings):
    settings = settings.model_copy(update={"intake_key_cache_seconds": 0})
    try:
        with run_api(settings) as api, api.client() as client:
            response = client.post("/open311/v2/requests.json", data={"api_key": api.key, **FLOOD, "first_name": "Lan"})
            assert response.status_code == 200, response.text
            rid = response.json()[0]["service_request_id"]
            es = make_client(settings)
            deadline, case = time.monotonic() + 30, None
            while case is None and time.monotonic() < deadline:
                case_id = linked_case_id(es, settings, f"request:{rid}")
                try:
                    case = get_case(es, settings, case_id).case if case_id else None
                except CaseNotFound:  # the id is claimed just before the case is written
                    pass
                time.sleep(0.2)
            assert case, "no case was opened for the submission"
            assert case.linked_requests == [rid] and case.topic == "ngap_nuoc" and case.channel == "request"
            assert case.reporters[0].name == "Lan" and case.due_at is not None
            es.indices.refresh(index=settings.index_alias("requests"))  # the API writes without refresh
            later = datetime.now(UTC) + timedelta(minutes=1)
            assert open_pending_cases(es, settings, since=later - timedelta(days=1), now=later) == {"requests": 1, "opened": 0}
    finally:
        drop_intake(settings)


def test_the_sweep_opens_missing_cases_once(settings):
    from core.service_request import ServiceRequest
    from intake.app import ensure_intake_indices
    from store.requests import import_requests

    ensure_intake_indices(settings)
    es = make_client(settings)
    now = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    requests = [ServiceRequest(service_request_id=f"1022-{i}", channel="hotline_1022", service_code="moi_truong",
                               description=f"Rác thải tồn đọng nhiều ngày ở đầu hẻm số {i}", requested_datetime=now)
                for i in range(3)]
    try:
        assert not import_requests(es, settings.index_alias("requests"), requests)["failed"]
        es.indices.refresh(index=settings.index_alias("requests"))
        assert open_pending_cases(es, settings, since=now - timedelta(hours=1), now=now) == {"requests": 3, "opened": 3}
        assert open_pending_cases(es, settings, since=now - timedelta(hours=1), now=now) == {"requests": 3, "opened": 0}
    finally:
        drop_intake(settings)
