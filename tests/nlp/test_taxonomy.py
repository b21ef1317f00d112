"""The city taxonomy file: the shipped one loads, and every kind of breakage is named clearly."""
from pathlib import Path

import pytest

from nlp.tasks import topic
from nlp.taxonomy import TAXONOMY_FILE, TaxonomyError, load_taxonomy

KEYS = ("giao_thong", "ngap_nuoc", "moi_truong", "tieng_on", "trat_tu_do_thi", "dien_nuoc_vien_thong",
        "hanh_chinh_cong", "y_te", "giao_duc", "an_ninh_trat_tu", "dat_dai_nha_o", "khac")


def test_the_shipped_taxonomy_has_the_city_topics_with_names_and_departments():
    tax = load_taxonomy()
    assert tax.keys == KEYS
    assert tax.fallback.key == "khac"
    flooding = tax.topic("ngap_nuoc")
    assert flooding.name_vi == "Ngập nước, thoát nước" and flooding.name_en == "Flooding and drainage"
    assert "triều cường" in flooding.keywords
    assert "Thoát nước" in tax.department_name("ngap_nuoc")
    assert all(t.description and t.department in tax.departments for t in tax.topics)


def test_the_topic_task_takes_its_labels_from_the_taxonomy():
    assert topic.LABELS == load_taxonomy(TAXONOMY_FILE).keys


GOOD = """\
departments:
  cong_an: "Công an phường"
  tiep_nhan: "Tiếp nhận"
topics:
  - {key: an_ninh, name_vi: An ninh, name_en: Security, description: crime, department: cong_an, keywords: [trộm]}
  - {key: khac, name_vi: Khác, name_en: Other, description: rest, department: tiep_nhan, fallback: true}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_small_valid_file_loads(tmp_path):
    tax = load_taxonomy(_write(tmp_path, GOOD))
    assert tax.keys == ("an_ninh", "khac")
    assert tax.topic("an_ninh").keywords == ("trộm",)


@pytest.mark.parametrize(("broken", "message"), [
    (GOOD.replace("key: an_ninh", "key: An Ninh"), "'key' must be lower-case"),
    (GOOD.replace("name_vi: An ninh, ", ""), "topic 'an_ninh': 'name_vi' is missing"),
    (GOOD.replace("department: cong_an", "department: so_xay_dung"), "'so_xay_dung' is not listed"),
    (GOOD.replace("keywords: [trộm]", "keywords: []"), "needs keywords"),
    (GOOD.replace("key: khac", "key: an_ninh"), "listed twice: an_ninh"),
    (GOOD.replace(", fallback: true", ", keywords: [x]"), "exactly one topic must have 'fallback: true'"),
    (GOOD.replace("topics:", "topics: [oops\n"), "not valid YAML"),
    ("departments: {}\n", "non-empty 'topics' list"),
])
def test_a_broken_file_gives_a_clear_error(tmp_path, broken, message):
    with pytest.raises(TaxonomyError, match=message) as caught:
        load_taxonomy(_write(tmp_path, broken))
    assert "config/taxonomy.yaml" in caught.value.hint


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(TaxonomyError, match="does not exist"):
        load_taxonomy(tmp_path / "nope.yaml")
