"""YouTube channels, searches and videos about the city; see crawlers/platforms/youtube.py."""
from __future__ import annotations

from crawlers.platforms.youtube import YoutubeSpider


class YoutubeSourceSpider(YoutubeSpider):
    name = "youtube"
