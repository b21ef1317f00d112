"""Public Facebook pages of the city's agencies and media; see crawlers/platforms/facebook_graph.py."""
from __future__ import annotations

from crawlers.platforms.facebook_graph import FacebookGraphSpider


class FacebookSourceSpider(FacebookGraphSpider):
    name = "facebook"
