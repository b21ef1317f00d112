"""The requests mapping is derived from core/service_request.py; the committed template follows it."""
from core.service_request import REQUESTS_SCHEMA_VERSION, Personal, ServiceRequest
from store.mappings import mapping_for
from store.requests import PUBLIC_FIELDS, committed_template, requests_template


def test_committed_template_matches_the_model():
    assert committed_template() == requests_template(), \
        "core/service_request.py and store/templates/requests.json drifted: run `python -c 'from store.requests " \
        "import write_template; write_template()'` (and bump REQUESTS_SCHEMA_VERSION)"


def test_every_field_is_mapped_and_personal_data_is_never_public():
    properties = mapping_for(ServiceRequest)["properties"]
    assert set(ServiceRequest.model_fields) | set(ServiceRequest.model_computed_fields) == set(properties)
    assert set(properties["personal"]["properties"]) == set(Personal.model_fields)
    assert properties["location"] == {"type": "geo_point"} and properties["raw"] == {"type": "object", "enabled": False}
    assert not set(PUBLIC_FIELDS) & {"personal", "raw", "submitted_by", "token", *Personal.model_fields}
    assert set(PUBLIC_FIELDS) <= set(properties)
    assert requests_template("city")["index_patterns"] == ["city-requests-v*"]
    assert requests_template()["version"] == REQUESTS_SCHEMA_VERSION
    assert requests_template()["template"]["settings"]["translog"] == {"durability": "request"}
