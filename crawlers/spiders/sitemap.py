"""Any site with a sitemap, configured by URL alone: ``spider: sitemap`` with ``sitemaps:`` in config/sources.yaml."""
from __future__ import annotations

from crawlers.platforms.sitemap import SitemapSourceSpider


class SitemapSpider(SitemapSourceSpider):
    name = "sitemap"
