import pytest

from core.folding import fold


@pytest.mark.parametrize(("text", "folded"), [
    ("Đường Nguyễn Hữu Cảnh ngập sâu", "duong nguyen huu canh ngap sau"),
    ("kẹt xe", "ket xe"),
    ("QUẬN 1", "quan 1"),
    ("Thủ Đức", "thu duc"),
    ("ngap", "ngap"),
])
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_handles_decomposed_input():
    import unicodedata

    assert fold(unicodedata.normalize("NFD", "Nước ngập")) == "nuoc ngap"
