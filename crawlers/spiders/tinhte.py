"""Tinhte.vn forums (technology, city life): threads and posts; see crawlers/platforms/tinhte.py."""
from __future__ import annotations

from crawlers.platforms.tinhte import TinhteSpider


class TinhteSourceSpider(TinhteSpider):
    name = "tinhte"
