"""The result cards' text helpers: literal user text, local time, short headlines."""
from __future__ import annotations

from dashboard.results import headline_markdown, local_time, md_escape, shorten
from store.queries import Hit


def _hit(**changes) -> Hit:
    fields = {"id": "t:1", "source": "tuoitre", "url": "https://tuoitre.vn/a(1).html", "kind": "comment",
              "title": None, "text": "Ngập quá!", "author": None, "published_at": None, "sentiment": None,
              "sentiment_score": None, "demo": False}
    return Hit(**{**fields, **changes})


def test_user_text_is_shown_literally():
    assert md_escape("Giá 5$ và 10$ *thật* :car: [x](y)") == r"Giá 5\$ và 10\$ \*thật\* \:car\: \[x\]\(y\)"


def test_times_are_shown_in_ho_chi_minh_city():
    assert local_time("2026-11-20T01:30:00Z") == "08:30 20/11/2026"
    assert local_time("2026-11-20T08:30:00+07:00") == "08:30 20/11/2026"
    assert local_time(None) is None


def test_shorten_cuts_at_a_word_and_joins_lines():
    assert shorten("Đường  ngập\nsâu", 50) == "Đường ngập sâu"
    assert shorten("Đường Nguyễn Hữu Cảnh ngập sâu", 12) == "Đường…"


def test_headlines_link_to_the_original_page():
    assert headline_markdown(_hit()) == r"Ngập quá\! [↗](https://tuoitre.vn/a%281%29.html)"
    article = _hit(kind="article", title="Mưa lớn", url="https://vnexpress.net/x.html")
    assert headline_markdown(article) == "**[Mưa lớn](https://vnexpress.net/x.html)**"
    assert headline_markdown(_hit(url="javascript:alert(1)")) == r"Ngập quá\!"


def test_communications_staff_see_no_personal_data_in_posts():
    from dashboard.results import csv_bytes, visible_hits
    from triage.policy import Role, User

    hit = _hit(text="Gọi tôi 0909 123 456 hoặc lan@example.vn, nhà hẻm 45", author="Nguyễn Lan")
    [seen] = visible_hits([hit], User("tt", Role.communications))
    assert "0909" not in seen.text and "lan@example.vn" not in seen.text and "hẻm 45" in seen.text
    assert seen.author != "Nguyễn Lan"
    [officer] = visible_hits([hit], User("cb", Role.officer))
    assert officer.text == hit.text and officer.author == "Nguyễn Lan"
    exported = csv_bytes([{"author": "Nguyễn Lan", "text": hit.text}], User("tt", Role.communications)).decode("utf-8")
    assert "0909" not in exported and "Nguyễn Lan" not in exported

