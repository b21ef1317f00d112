"""Places in HCMC text, resolved to the 168 ward-level units in force since 2025-07-01."""
from __future__ import annotations

from collections import Counter

import pytest

from core.errors import InvalidInput
from core.schema import Place
from nlp.gazetteer import old_districts, old_wards
from nlp.places import extract_places, ward_by_code, wards


def only(text: str) -> Place:
    places = extract_places([text])[0]
    assert len(places) == 1, places
    return places[0]


def test_the_city_has_168_units_of_three_types():
    units = wards()
    assert len(units) == 168
    assert len({u.code for u in units}) == 168
    assert Counter(u.type for u in units) == {"Phường": 113, "Xã": 54, "Đặc khu": 1}
    assert ward_by_code("26740").name == "Phường Sài Gòn"
    assert ward_by_code("26732").name == "Đặc khu Côn Đảo"


def test_every_old_unit_has_a_successor_among_the_168():
    codes = {u.code for u in wards()}
    assert all(old.successor in codes for old in old_wards())
    assert {old.successor for old in old_wards()} | {d.successor for d in old_districts() if d.successor} == codes
    assert len([d for d in old_districts() if d.province == "Thành phố Hồ Chí Minh"]) == 22


def test_an_unknown_code_is_a_clear_error():
    with pytest.raises(InvalidInput, match="no ward-level unit"):
        ward_by_code("00001")


def test_full_address_with_alley_resolves_to_the_new_ward_and_keeps_the_old_one():
    place = only("Hẻm 45/12 Lê Văn Sỹ, phường 13, quận 3 ngập tới đầu gối sau cơn mưa chiều nay")
    assert place.mention == "Hẻm 45/12 Lê Văn Sỹ, phường 13, quận 3"
    assert (place.alley, place.street) == ("45/12", "Lê Văn Sỹ")
    # Phường 13 of Quận 3 was merged into Phường 12 in 2023; both became Phường Nhiêu Lộc in 2025.
    assert (place.old_ward, place.old_district) == ("Phường 12", "Quận 3")
    assert (place.ward_code, place.ward) == ("27142", "Phường Nhiêu Lộc")


def test_the_same_address_without_diacritics_and_in_teencode():
    place = only("hem 45/12 le van sy p13 q3 ngap qua troi")
    assert (place.ward_code, place.old_district, place.street, place.alley) == ("27142", "Quận 3", "Lê Văn Sỹ", "45/12")


def test_old_named_ward_maps_to_its_successor():
    place = only("Đường Nguyễn Huệ, phường Bến Nghé, Quận 1 kẹt cứng từ 5h chiều")
    assert (place.street, place.old_ward, place.old_district) == ("Nguyễn Huệ", "Phường Bến Nghé", "Quận 1")
    assert place.ward == "Phường Sài Gòn"


def test_a_post_2025_ward_name_resolves_directly():
    place = only("Người dân phường Sài Gòn phản ánh vỉa hè bị lấn chiếm")
    assert (place.ward_code, place.ward, place.old_ward) == ("26740", "Phường Sài Gòn", None)


def test_numbered_ward_alone_is_ambiguous_and_kept_without_a_code():
    place = only("Phường 12 mất điện cả buổi sáng mà không có thông báo")
    assert place.mention == "Phường 12"
    assert place.ward_code is None and place.old_district is None


def test_numbered_ward_is_resolved_by_a_district_in_the_same_text():
    place = only("nha o f12 go vap bi cup nuoc 3 ngay roi")
    assert (place.old_ward, place.old_district, place.ward) == ("Phường 12", "Quận Gò Vấp", "Phường An Hội Tây")
    later = extract_places(["Quận Phú Nhuận: phường 5 mất nước. Ai ở phường 5 cho hỏi bao giờ có lại?"])[0]
    assert [p.ward for p in later if p.old_ward] == ["Phường Đức Nhuận", "Phường Đức Nhuận"]


def test_ward_names_need_a_prefix_and_bare_sai_gon_is_the_city():
    assert extract_places(["Sài Gòn mưa quá trời, Bến Nghé thì khỏi nói"]) == [[]]


def test_bare_district_names_but_not_everyday_words():
    places = extract_places(["ở Dĩ An kẹt xe, còn Thủ Đức thì ngập", "đi ăn tối thôi", "cử chỉ đẹp",
                             "Quận 9 ngập, Q.2 cũng vậy", "nha o binh thanh ngap nang qua"])
    assert [p.old_district for p in places[0]] == ["Thành phố Dĩ An", "Thành phố Thủ Đức"]
    assert places[1] == [] and places[2] == []
    assert [(p.mention, p.old_district) for p in places[3]] == [("Quận 9", "Thành phố Thủ Đức"),
                                                                ("Q.2", "Thành phố Thủ Đức")]
    assert [p.old_district for p in places[4]] == ["Quận Bình Thạnh"]


def test_thanh_an_and_thanh_an_are_told_apart_by_their_diacritics():
    assert only("xã Thạnh An, huyện Cần Giờ").ward_code == "27676"
    assert only("xã Thanh An (Dầu Tiếng)").ward_code == "25807"


def test_covid_f1_is_not_a_ward():
    assert extract_places(["Nhà tôi có 2 F1 đang cách ly", "p1 của bộ phim hay hơn"]) == [[], []]


def test_streets_alleys_and_numbered_streets():
    kiet, so7, lower, bare, date = extract_places([
        "kiệt 12 Trần Hưng Đạo có ổ gà lớn", "đường số 7, phường An Lạc, quận Bình Tân",
        "duong nguyen hue dong nguoi qua", "kẹt xe ở Lê Lợi từ sáng", "ngày 29/8 Bộ Công an thông báo"])
    assert (kiet[0].alley, kiet[0].street) == ("12", "Trần Hưng Đạo")
    assert (so7[0].street, so7[0].ward, so7[0].old_district) == ("Số 7", "Phường An Lạc", "Quận Bình Tân")
    assert lower[0].street == "Nguyễn Huệ"
    assert bare[0].street == "Lê Lợi"
    assert date == []


def test_a_whole_district_that_became_one_unit():
    assert only("Du lịch Côn Đảo dịp lễ").ward == "Đặc khu Côn Đảo"


def test_batch_keeps_order_and_empty_texts():
    result = extract_places(["", "Q1 P. Đa Kao", "không có địa điểm nào"])
    assert result[0] == [] and result[2] == []
    assert result[1][0].old_ward == "Phường Đa Kao" and result[1][0].ward_code is not None


def test_batch_folding_is_the_same_as_folding_each_text():
    from nlp.gazetteer.matcher import fold_batch, fold_same_length

    texts = ["Đường Nguyễn Huệ, QUẬN 1", "hẻm 45/12 Lê Văn Sỹ", "", "Ωμέγα ẞ \u00c0", "nul\x00inside"]
    assert fold_batch(texts) == [fold_same_length(t) for t in texts]
    assert fold_batch(texts)[0] == "duong nguyen hue, quan 1"


def test_an_old_name_in_two_districts_needs_the_district_or_the_unit_type():
    alone, with_district, commune = extract_places(["phường Hiệp Thành bị ngập", "phường Hiệp Thành, Quận 12 bị ngập",
                                                    "xã Hòa Phú mất điện"])
    assert alone[0].mention == "phường Hiệp Thành" and alone[0].ward_code is None
    assert (with_district[0].old_district, with_district[0].ward_code is not None) == ("Quận 12", True)
    assert (commune[0].old_ward, commune[0].old_district) == ("Xã Hòa Phú", "Huyện Củ Chi")


def test_decomposed_unicode_is_read_like_composed():
    import unicodedata

    text = unicodedata.normalize("NFD", "Hẻm 45/12 Lê Văn Sỹ, phường 13, quận 3")
    assert extract_places([text])[0][0].ward == "Phường Nhiêu Lộc"


def test_a_named_ward_that_absorbed_numbered_ones_is_found_by_name_and_number():
    by_name, by_number = extract_places(["Phường Võ Thị Sáu, Quận 3 kẹt xe", "p7 q3 kẹt xe"])
    assert (by_name[0].old_ward, by_name[0].ward_code is not None) == ("Phường Võ Thị Sáu", True)
    assert by_number[0].old_ward == "Phường Võ Thị Sáu" and by_number[0].ward_code == by_name[0].ward_code
