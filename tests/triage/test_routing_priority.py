"""Routing rules from config/routing.yaml and explained priorities (no Elasticsearch needed)."""
from __future__ import annotations

import pytest

from core.errors import ConfigError
from core.schema import Place
from core.settings import Settings
from triage.priority import compute_priority, danger_signs
from triage.routing import route, unit_name

BEN_THANH = Place(mention="Bến Thành", ward_code="26743", ward="Phường Bến Thành", old_district="Quận 1")
THU_DUC = Place(mention="Linh Trung", ward_code="26794", ward="Phường Linh Xuân", old_district="Thành phố Thủ Đức")


@pytest.mark.parametrize(("topic", "legal", "place", "text", "unit", "rule"), [
    ("giao_thong", "phan_anh", None, "Trạm xe buýt trên đường Lê Lợi bị hư mái che", "ttql-giao-thong-cong-cong", "xe-buyt"),
    ("giao_thong", "phan_anh", None, "Đèn tín hiệu giao lộ hỏng", "so-xay-dung", "giao-thong"),
    ("dien_nuoc_vien_thong", "phan_anh", None, "Mất nước hai ngày nay", "sawaco", "cap-nuoc"),
    ("dien_nuoc_vien_thong", "phan_anh", None, "Cúp điện liên tục", "evn-hcmc", "dien"),
    ("moi_truong", "to_cao", BEN_THANH, "Xưởng xả thải", "so-nong-nghiep-moi-truong", "moi-truong-to-cao"),
    ("moi_truong", "phan_anh", THU_DUC, "Rác ven kênh", "so-nong-nghiep-moi-truong", "moi-truong-thu-duc"),
    ("moi_truong", "phan_anh", BEN_THANH, "Rác ven đường", "ubnd-26743", "moi-truong-phuong"),
    ("tieng_on", "phan_anh", None, "Karaoke ồn ào", "ban-tiep-cong-dan", "fallback"),  # ward rule needs a ward
    ("khac", "kien_nghi", BEN_THANH, "Đề nghị thêm ghế đá", "ban-tiep-cong-dan", "fallback"),
])
def test_first_matching_rule_fires_and_is_named(topic, legal, place, text, unit, rule):
    fired = route(Settings(), topic=topic, legal_type=legal, place=place, text=text)
    assert (fired.unit, fired.rule) == (unit, rule)


def test_unit_names_come_from_units_yaml_and_the_ward():
    s = Settings()
    assert unit_name(s, "sawaco").startswith("Tổng công ty Cấp nước Sài Gòn")
    assert unit_name(s, "ubnd-26743", "Phường Bến Thành") == "UBND Phường Bến Thành"


def test_a_rule_to_an_unknown_unit_is_a_clear_config_error(tmp_path):
    bad = tmp_path / "routing.yaml"
    bad.write_text("fallback: {unit: ban-tiep-cong-dan}\nrules:\n  - {id: x, topic: [y_te], unit: benh-vien-ma}\n")
    with pytest.raises(ConfigError, match="unknown unit 'benh-vien-ma'"):
        route(Settings(routing_file=bad), topic="y_te", legal_type="phan_anh", place=None, text="")


def test_priority_is_explained_by_its_factors():
    low = compute_priority(urgency="low", legal_type="kien_nghi", reporters=1, text="Đề nghị trồng thêm cây xanh")
    high = compute_priority(urgency="high", legal_type="phan_anh", reporters=8,
                            text="Cây đổ chắn đường, dây điện rơi xuống, rất nguy hiểm cho trẻ em đi học")
    assert low.score == 9 and [f.factor for f in low.factors] == ["urgency", "legal_type"]
    assert high.score == 40 + 8 + 25 + 20
    assert {f.factor: f.points for f in high.factors}["reporters"] == 25
    assert "dây điện rơi" in {f.factor: f.detail for f in high.factors}["danger"]


def test_danger_signs_match_whole_words_only():
    assert danger_signs("Nhà sắp sập, có người bị thương") == ["bị thương", "sắp sập"]
    assert danger_signs("Ông Sáu chạy xe") == []
