"""voz.vn ("theNEXTvoz"), a XenForo 2 forum: listings at ``/f/<slug>.<id>/``, threads at ``/t/<slug>.<id>/``."""
from __future__ import annotations

from crawlers.platforms.xenforo import XenforoSpider


class VozSpider(XenforoSpider):
    name = "voz"
