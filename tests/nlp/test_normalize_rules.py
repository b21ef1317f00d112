"""The informal-text rules of the normalisation chain: teencode, repeats, emoji, masking."""
import pytest

from nlp.normalize import expand_teencode, mask_pii, masked_values, normalize, read_rules, space_emoji, squeeze_repeats


@pytest.mark.parametrize(("raw", "clean"), [
    ("ko biết", "không biết"), ("k đi đâu", "không đi đâu"), ("hok thích", "không thích"), ("hk có", "không có"),
    ("khong sao", "không sao"), ("dc không", "được không"), ("đc rồi", "được rồi"), ("làm j vậy", "làm gì vậy"),
    ("ng ta nói", "người ta nói"), ("bit ko", "biết không"), ("bik rồi", "biết rồi"), ("đi vs bạn", "đi với bạn"),
    ("mn ơi", "mọi người ơi"), ("Ko sao", "Không sao"), ("(ko)", "(không)"), ("ko, ko.", "không, không."),
    ("\"ko\"", "\"không\""), ("thik wa", "thích quá"),
])
def test_teencode_is_expanded_on_whole_words(raw, clean):
    assert normalize(raw) == clean


@pytest.mark.parametrize("text", [
    "kokoro", "koala", "khoảng", "kho", "ngày", "nga", "jazz", "vsfc", "bits", "bitcoin", "cảm ơn",
    "5 k", "64 bit", "lớp 12 v", "HK", "KO", "K ơi", ":v", "=))", "x-ko", "ko-ko", "__phone__", "ko_biết",
])
def test_teencode_leaves_other_words_alone(text):
    assert expand_teencode(text) == text


def test_teencode_table_is_sizeable_and_well_formed():
    rows = read_rules("teencode.tsv")
    assert len(rows) >= 100
    assert all(len(row) == 3 and row[2] in ("-", "digit") and row[0] != row[1] for row in rows)
    assert len({row[0] for row in rows}) == len(rows)


@pytest.mark.parametrize(("raw", "clean"), [
    ("quáaaa", "quá"), ("đẹppppp", "đẹp"), ("ngonnnn quá", "ngon quá"), ("QUÁAAA", "QUÁ"), ("trờiiii ơiii", "trời ơi"),
    ("hayyy", "hay"), ("vuiiiiiii", "vui"),
])
def test_letters_repeated_for_emphasis_collapse(raw, clean):
    assert normalize(raw) == clean


@pytest.mark.parametrize("text", ["xoong", "ưu tiên", "cừu", "quáa", "1000000", "!!!", "hươu", "ngoằn ngoèo"])
def test_letters_written_twice_or_words_are_kept(text):
    assert squeeze_repeats(text) == text


@pytest.mark.parametrize(("raw", "clean"), [
    ("đẹp😍😍😍quá", "đẹp 😍 quá"), ("vui 😂 lắm", "vui 😂 lắm"), ("👍👎", "👍 👎"), ("tệ :( thật :))", "tệ :( thật :))"),
    ("<3 quá", "<3 quá"), ("👨\u200d👩\u200d👧 nhà", "👨\u200d👩\u200d👧 nhà"),
])
def test_emoji_and_emoticons_are_kept_as_tokens(raw, clean):
    assert normalize(raw) == clean


def test_plain_text_without_emoji_is_untouched_by_the_emoji_step():
    assert space_emoji("đường ngập, ngày 1/7") == "đường ngập, ngày 1/7"


@pytest.mark.parametrize(("raw", "clean"), [
    ("gọi 0909 123 456 nhé", "gọi __phone__ nhé"), ("sđt: 0912345678.", "số điện thoại: __phone__ ."),
    ("+84 912.345.678", "__phone__"), ("84-903-123-456", "__phone__"), ("028 3829 1234, gọi", "__phone__ , gọi"),
    ("hotline 1900 1234", "hotline __phone__"), ("1800 6868 miễn phí", "__phone__ miễn phí"),
    ("mail a.b@gmail.com nhé", "mail __email__ nhé"), ("xem https://vnexpress.net/a-b-123.html.", "xem __url__ ."),
    ("www.hcmcpv.org.vn", "__url__"), ("vào shopee.vn mua", "vào __url__ mua"), ("@nguyen.van ơi", "__user__ ơi"),
])
def test_personal_data_is_masked(raw, clean):
    assert normalize(raw) == clean


@pytest.mark.parametrize("text", [
    "giá 12.000.000 đồng", "năm 2025", "hẻm 45/12", "0.5 kg", "TP.HCM", "ID 123456789", "01/07/2025", "19:00",
    "1900", "0912", "3,14", "số nhà 123 đường 3/2", "12345678901234", "v.v.", "8.5/10", "090912345",
])
def test_numbers_that_are_not_phones_are_kept(text):
    assert mask_pii(text) == text


def test_masked_values_are_returned_for_officer_views():
    text = "Liên hệ 0909 123 456 hoặc a.b@gmail.com, xem https://x.vn/p?q=1 @tuan"
    assert masked_values(text) == [("phone", "0909 123 456"), ("email", "a.b@gmail.com"), ("url", "https://x.vn/p?q=1"),
                                   ("user", "@tuan")]
    assert masked_values("không có gì") == []


@pytest.mark.parametrize("text", [
    "Ko bít j luôn quáaaa 😍😍 0909123456 https://a.vn/x", "k0 dc :v", "__phone__ ,", "mọi ng", "KO sao",
    "tks ad nhìuuuu", "a@b.vn.", "@@user", "đc đc đc",
])
def test_the_chain_is_idempotent_on_informal_text(text):
    once = normalize(text)
    assert normalize(once) == once
