"""Reddit communities (r/VietNam, r/saigon): listings and comment trees; see crawlers/platforms/reddit.py."""
from __future__ import annotations

from crawlers.platforms.reddit import RedditSpider


class RedditSourceSpider(RedditSpider):
    name = "reddit"
