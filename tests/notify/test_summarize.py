from notify.summarize import sentences, summarize, textrank

FLOOD = [
    "Mưa lớn từ chiều khiến đường Nguyễn Hữu Cảnh ngập sâu hơn nửa mét. Xe máy chết máy hàng loạt.",
    "Đường Nguyễn Hữu Cảnh lại ngập sâu sau mưa lớn, nhiều xe máy chết máy giữa dòng nước.",
    "Cảm ơn các anh dân phòng đã hỗ trợ đẩy xe. Trời mưa to quá.",
    "Năm nào đường Nguyễn Hữu Cảnh cũng ngập sâu khi mưa lớn, bao giờ mới chống ngập xong?",
    "Hôm nay quán cà phê gần nhà mở cửa muộn hơn mọi ngày một chút.",
]


def test_sentences_split_deduplicate_and_drop_fragments():
    found = sentences(["Một câu đủ dài để giữ lại. Ngắn. Một câu đủ dài để giữ lại.", "Câu thứ hai cũng đủ dài!"])
    assert found == ["Một câu đủ dài để giữ lại.", "Câu thứ hai cũng đủ dài!"]


def test_textrank_picks_the_central_sentences_in_order():
    picked = textrank(FLOOD, k=2)
    assert len(picked) == 2
    assert all("Nguyễn Hữu Cảnh" in s for s in picked)  # the off-topic café line is never central
    order = sentences(FLOOD)
    assert [order.index(s) for s in picked] == sorted(order.index(s) for s in picked)


def test_summary_is_bounded_and_handles_little_input():
    assert summarize([]) == ""
    assert summarize(["Chỉ một câu thôi nhưng đủ dài."]) == "Chỉ một câu thôi nhưng đủ dài."
    assert len(summarize(FLOOD, k=3, max_chars=80)) <= 80
