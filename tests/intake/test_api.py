"""Every GeoReport v2 endpoint through a real server and the real Elasticsearch: good requests,
bad requests (each answered with the error array, in Vietnamese and English), api_key rules,
real-time reads, hidden personal data."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from nlp.taxonomy import taxonomy
from store.client import make_client

pytestmark = pytest.mark.integration

V2 = "/open311/v2"
FIXTURES = Path(__file__).parent / "data" / "open311"
PERSONAL = {"email": "chi.nguyen@example.vn", "first_name": "Chi", "last_name": "Quách-Thử", "phone": "0903 123 456",
            "device_id": "device-42", "account_id": "acct-7"}
FLOOD = {"service_code": "ngap_nuoc", "lat": "10.7879", "long": "106.719", "attribute[do_sau]": "den_dau_goi",
         "description": "Đường Nguyễn Hữu Cảnh ngập tới đầu gối sau cơn mưa.", "media_url": "https://example.vn/anh/ngap.jpg"}


def _errors(response, status: int) -> list[dict]:
    assert response.status_code == status, response.text
    body = response.json()
    assert isinstance(body, list) and body
    for item in body:
        assert item["code"] == status and item["description"] == f"{item['description_vi']} / {item['description_en']}"
        assert item["description_vi"] and item["description_en"]
    return body


def _post(client, api, **params):
    return client.post(f"{V2}/requests.json", data={"api_key": api.key, **params})


def _count(api) -> int:
    es = make_client(api.settings)
    alias = api.settings.index_alias("requests")
    es.indices.refresh(index=alias)
    return es.count(index=alias)["count"]


def test_service_list_comes_from_the_taxonomy_in_the_spec_shape(api):
    with api.client() as client:
        services = client.get(f"{V2}/services.json").json()
    bloomington = json.loads((FIXTURES / "bloomington_in_services_2012-05-23.json").read_text())
    assert [s["service_code"] for s in services] == list(taxonomy().keys)
    assert all(set(s) == set(bloomington[0]) for s in services), "same fields as a real city's services.json"
    flood = next(s for s in services if s["service_code"] == "ngap_nuoc")
    assert flood["metadata"] is True and flood["type"] == "realtime" and flood["service_name"] == "Ngập nước, thoát nước"
    assert next(s for s in services if s["service_code"] == "khac")["metadata"] is False


def test_service_definition_lists_attributes(api):
    with api.client() as client:
        definition = client.get(f"{V2}/services/ngap_nuoc.json").json()
        missing = client.get(f"{V2}/services/khong_co.json")
        other = client.get(f"{V2}/services.json", params={"jurisdiction_id": "hanoi.gov.vn"})
    assert definition["service_code"] == "ngap_nuoc"
    depth = definition["attributes"][0]
    assert depth["code"] == "do_sau" and depth["required"] is True and depth["datatype"] == "singlevaluelist"
    assert {"key": "den_dau_goi", "name": "Đến đầu gối / Up to the knee"} in depth["values"]
    assert set(depth) == {"variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"}
    _errors(missing, 404)
    _errors(other, 404)


def test_post_form_then_read_it_back_at_once_without_personal_data(api):
    with api.client() as client:
        response = _post(client, api, **FLOOD, **PERSONAL)
        assert response.status_code == 200, response.text
        [ack] = response.json()
        assert set(ack) == {"service_request_id", "token", "service_notice", "account_id"}
        assert ack["account_id"] == "acct-7" and "Received" in ack["service_notice"]
        # real-time GET by id: no refresh needed to read an acknowledged request
        read = client.get(f"{V2}/requests/{ack['service_request_id']}.json")
    assert read.status_code == 200
    [request] = read.json()
    assert request["service_request_id"] == ack["service_request_id"] and request["status"] == "open"
    assert request["service_code"] == "ngap_nuoc" and request["lat"] == 10.7879 and request["long"] == 106.719
    assert request["media_url"] == FLOOD["media_url"] and request["description"] == FLOOD["description"]
    assert datetime.fromisoformat(request["requested_datetime"]).utcoffset() == timedelta(hours=7)
    for value in PERSONAL.values():
        assert value not in read.text, f"personal data {value!r} leaked"
    stored = make_client(api.settings).get(index=api.settings.index_alias("requests"), id=ack["service_request_id"])["_source"]
    assert stored["personal"] == PERSONAL, "personal data is stored for the officers"
    assert stored["text"] == FLOOD["description"] and stored["submitted_by"] == "tests"
    assert stored["attributes"] == [{"code": "do_sau", "values": ["den_dau_goi"]}]


def test_post_json_with_attribute_object_and_key_in_query(api):
    body = {"service_code": "moi_truong", "address_string": "Hẻm 45 Lê Văn Sỹ, Phường Nhiêu Lộc",
            "description": "Rác và nước thải", "attribute": {"loai_o_nhiem": ["rac_thai", "nuoc_thai"]}}
    with api.client() as client:
        response = client.post(f"{V2}/requests.json", json=body, params={"api_key": api.key})
        assert response.status_code == 200, response.text
        [request] = client.get(f"{V2}/requests/{response.json()[0]['service_request_id']}.json").json()
    assert request["address"] == body["address_string"] and request["lat"] is None
    stored = make_client(api.settings).get(index=api.settings.index_alias("requests"), id=request["service_request_id"])
    assert stored["_source"]["attributes"] == [{"code": "loai_o_nhiem", "values": ["rac_thai", "nuoc_thai"]}]


def test_writes_need_a_valid_api_key(api):
    from store.api_keys import create_key, revoke_keys

    es = make_client(api.settings)
    revoked = create_key(es, api.settings.index_alias("api-keys"), "old-app")
    revoke_keys(es, api.settings.index_alias("api-keys"), "old-app")
    before = _count(api)
    with api.client() as client:
        missing = client.post(f"{V2}/requests.json", data=FLOOD)
        wrong = client.post(f"{V2}/requests.json", data={**FLOOD, "api_key": "not-a-key"})
        old = client.post(f"{V2}/requests.json", data={**FLOOD, "api_key": revoked})
    assert _errors(missing, 403)[0]["field"] == "api_key"
    _errors(wrong, 403)
    _errors(old, 403)
    assert _count(api) == before, "nothing stored without a valid key"


@pytest.mark.parametrize(("params", "field"), [
    ({"lat": "10.7", "long": "106.7"}, "service_code"),
    ({"service_code": "khong_co", "lat": "10.7", "long": "106.7"}, "service_code"),
    ({"service_code": "khac"}, "lat"),
    ({"service_code": "khac", "lat": "10.7"}, "long"),
    ({"service_code": "khac", "lat": "abc", "long": "106.7"}, "lat"),
    ({"service_code": "khac", "lat": "10.7", "long": "200"}, "long"),
    ({"service_code": "khac", "lat": "nan", "long": "106.7"}, "lat"),
    ({"service_code": "khac", "address_string": "x", "email": "not-an-email"}, "email"),
    ({"service_code": "khac", "address_string": "x", "phone": "call me"}, "phone"),
    ({"service_code": "khac", "address_string": "x", "media_url": "ftp://example.vn/a.jpg"}, "media_url"),
    ({"service_code": "khac", "address_string": "x", "media_url": "javascript:alert(1)"}, "media_url"),
    ({"service_code": "khac", "address_string": "x", "description": "ồ" * 4001}, "description"),
    ({"service_code": "ngap_nuoc", "address_string": "x"}, "attribute[do_sau]"),
    ({"service_code": "ngap_nuoc", "address_string": "x", "attribute[do_sau]": "sau_lam"}, "attribute[do_sau]"),
    ({"service_code": "khac", "address_string": "x", "attribute[bi_an]": "1"}, "attribute[bi_an]"),
    ({"service_code": "dien_nuoc_vien_thong", "address_string": "x", "attribute[dich_vu]": "dien",
      "attribute[so_ho_bi_anh_huong]": "nhiều"}, "attribute[so_ho_bi_anh_huong]"),
])
def test_bad_submissions_get_a_400_naming_the_field_and_store_nothing(api, params, field):
    before = _count(api)
    with api.client() as client:
        errors = _errors(_post(client, api, **params), 400)
    assert field in [e.get("field") for e in errors], errors
    assert _count(api) == before


def test_every_fault_is_listed_at_once(api):
    with api.client() as client:
        errors = _errors(_post(client, api, service_code="khong_co", email="x", media_url="file:///etc/passwd"), 400)
    assert {e["field"] for e in errors} == {"service_code", "lat", "email", "media_url"}


@pytest.mark.parametrize(("content", "content_type"), [
    (b"{not json", "application/json"), (b"[1, 2]", "application/json"),
    (b'{"service_code": {"nested": 1}}', "application/json"), (b"\xff\xfe", "application/x-www-form-urlencoded"),
    (b"<xml/>", "text/xml"),
])
def test_unreadable_bodies_are_400(api, content, content_type):
    with api.client() as client:
        response = client.post(f"{V2}/requests.json", content=content,
                               headers={"Content-Type": content_type}, params={"api_key": api.key})
    _errors(response, 400)


def test_list_filters_follow_the_spec(api):
    with api.client() as client:
        ids = {}
        for code, extra in (("giao_thong", {}), ("tieng_on", {"attribute[khung_gio]": "ban_dem"}), ("khac", {})):
            response = _post(client, api, service_code=code, address_string="Quận 1", description=code, **extra)
            ids[code] = response.json()[0]["service_request_id"]
        make_client(api.settings).indices.refresh(index=api.settings.index_alias("requests"))
        everything = client.get(f"{V2}/requests.json").json()
        noise = client.get(f"{V2}/requests.json", params={"service_code": "tieng_on,giao_thong"}).json()
        by_id = client.get(f"{V2}/requests.json", params={"service_request_id": f"{ids['khac']},{ids['giao_thong']}",
                                                           "service_code": "tieng_on"}).json()
        closed = client.get(f"{V2}/requests.json", params={"status": "closed"}).json()
        today = datetime.now().astimezone()
        window = client.get(f"{V2}/requests.json", params={"start_date": (today - timedelta(days=1)).isoformat(),
                                                            "end_date": (today + timedelta(days=1)).isoformat()}).json()
        past = client.get(f"{V2}/requests.json", params={"end_date": "2020-01-01T00:00:00Z"}).json()
        too_long = client.get(f"{V2}/requests.json", params={"start_date": "2026-01-01T00:00:00+07:00",
                                                              "end_date": "2026-06-01T00:00:00+07:00"})
        backwards = client.get(f"{V2}/requests.json", params={"start_date": "2026-06-01", "end_date": "2026-01-01"})
        bad_status = client.get(f"{V2}/requests.json", params={"status": "pending"})
    assert set(ids.values()) <= {r["service_request_id"] for r in everything}
    assert {r["service_code"] for r in noise} == {"tieng_on", "giao_thong"}
    assert {r["service_request_id"] for r in by_id} == {ids["khac"], ids["giao_thong"]}, "ids win over other filters"
    assert closed == [] and past == []
    assert set(ids.values()) <= {r["service_request_id"] for r in window}
    times = [r["requested_datetime"] for r in everything]
    assert times == sorted(times, reverse=True)
    assert all(value not in json.dumps(everything, ensure_ascii=False) for value in PERSONAL.values())
    _errors(too_long, 400)
    _errors(backwards, 400)
    _errors(bad_status, 400)


def test_token_lookup_and_unknown_ids(api):
    with api.client() as client:
        [ack] = _post(client, api, service_code="khac", address_id="addr-1").json()
        make_client(api.settings).indices.refresh(index=api.settings.index_alias("requests"))
        found = client.get(f"{V2}/tokens/{ack['token']}.json").json()
        unknown_token = client.get(f"{V2}/tokens/khong-co.json")
        unknown = client.get(f"{V2}/requests/khong-co.json")
        nowhere = client.get(f"{V2}/khong-co.json")
        wrong_method = client.delete(f"{V2}/services.json")
    assert found == [{"service_request_id": ack["service_request_id"], "token": ack["token"]}]
    _errors(unknown_token, 404)
    _errors(unknown, 404)
    _errors(nowhere, 404)
    _errors(wrong_method, 405)


def test_our_requests_carry_every_field_real_city_servers_send(api):
    """A client written against Bloomington's or Chicago's GeoReport server reads ours unchanged."""
    with api.client() as client:
        [ack] = _post(client, api, **FLOOD).json()
        [ours] = client.get(f"{V2}/requests/{ack['service_request_id']}.json").json()
    for name in ("bloomington_in_requests_2012-05-23.json", "chicago_il_requests_2014-07-12.json"):
        for theirs in json.loads((FIXTURES / name).read_text()):
            assert set(theirs) <= set(ours), set(theirs) - set(ours)
            for field, value in theirs.items():
                if value is not None and ours[field] is not None:
                    assert type(value) is type(ours[field]) or {type(value), type(ours[field])} <= {int, float}, field


def test_index_is_durable_per_request_and_has_an_openapi_document(api):
    es = make_client(api.settings)
    index = f"{api.settings.index_alias('requests')}-v1"
    settings = es.indices.get_settings(index=index)[index]["settings"]["index"]
    assert settings["translog"]["durability"] == "request"
    with api.client() as client:
        paths = client.get("/openapi.json").json()["paths"]
    assert {f"{V2}/services.json", f"{V2}/services/{{service_code}}.json", f"{V2}/requests.json",
            f"{V2}/requests/{{service_request_id}}.json"} <= set(paths)
    assert {"get", "post"} <= set(paths[f"{V2}/requests.json"])
