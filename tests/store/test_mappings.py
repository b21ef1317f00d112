from core.schema import SCHEMA_VERSION, Enrichment, Post
from store.mappings import committed_template, mapping_for, posts_template


def test_committed_template_matches_the_schema():
    assert committed_template() == posts_template(), \
        "core/schema.py and store/templates/posts.json drifted: run `langnghe schema --write` (and bump SCHEMA_VERSION)"


def test_every_schema_field_is_mapped():
    properties = mapping_for(Post)["properties"]
    assert set(Post.model_fields) | set(Post.model_computed_fields) == set(properties)
    assert properties["raw"] == {"type": "object", "enabled": False}
    assert properties["text_folded"]["type"] == "text"
    assert set(properties["enrichment"]["properties"]) == set(Enrichment.model_fields)
    assert properties["enrichment"]["properties"]["places"]["properties"]["ward_code"] == {"type": "keyword"}
    assert properties["location"] == {"type": "geo_point"}


def test_template_names_follow_the_prefix():
    template = posts_template("city")
    assert template["index_patterns"] == ["city-posts-v*"] and template["version"] == SCHEMA_VERSION
