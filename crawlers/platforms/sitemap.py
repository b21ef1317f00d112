"""Base spider for any site with a sitemap: sitemap (or sitemap index) → pages → one article each,
configured by sitemap URL alone (``sitemaps:`` in config/sources.yaml).

Pages are read generically: JSON-LD ``NewsArticle``/``Article`` first (headline, datePublished,
author, articleBody), then Open Graph / ``<title>`` and the page's paragraphs. Sitemap entries
whose ``lastmod`` is not newer than ``since`` are not fetched. Option ``max_pages`` (default 50).
"""
from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from crawlers.dates import parse_vietnamese_time, response_time
from crawlers.platforms.base import Item, SourceSpider
from crawlers.platforms.news_comments import plain_text

_ARTICLE_TYPES = {"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle"}


class SitemapSourceSpider(SourceSpider):
    platform = "sitemap"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.plan.sitemaps:
            yield scrapy.Request(self.plan.fetch_url(url), callback=self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        from scrapy.utils.sitemap import Sitemap

        seen_at = response_time(response.headers.get("Date"), self.collected_at)
        sitemap = Sitemap(response.body)
        entries = [e for e in sitemap if self.is_new(parse_vietnamese_time(e.get("lastmod"), seen_at))]
        self.count("sitemap_entries", len(entries))
        if sitemap.type == "sitemapindex":
            for entry in entries:
                yield scrapy.Request(self.plan.fetch_url(entry["loc"]), callback=self.parse_sitemap)
            return
        budget = int(self.plan.options.get("max_pages", 50))
        if len(entries) > budget:
            self.count("pages_over_budget", len(entries) - budget)
        for entry in entries[:budget]:
            yield scrapy.Request(self.plan.fetch_url(entry["loc"]), callback=self.parse_page,
                                 meta={"handle_httpstatus_list": [404]})

    def parse_page(self, response: Response) -> Iterator[Item]:
        if response.status == 404:
            self.count("pages_unavailable")
            return
        ld = _article_ld(response)
        seen_at = response_time(response.headers.get("Date"), self.collected_at)
        published = ld.get("datePublished") or response.css(
            "meta[property='article:published_time']::attr(content)").get()
        author = ld.get("author")
        author = (author[0] if isinstance(author, list) and author else author) or {}
        paragraphs = [plain_text(p) for p in response.css("article p, [itemprop=articleBody] p").getall()]
        text = plain_text(ld.get("articleBody") or "") or "\n\n".join(p for p in paragraphs if p) or \
            plain_text(response.css("meta[name=description]::attr(content)").get() or "")
        yield self.item(kind="article", canonical_id=None,
                        url=response.css("link[rel=canonical]::attr(href)").get() or self.plan.public_page_url(response.url),
                        title=plain_text(ld.get("headline") or response.css("meta[property='og:title']::attr(content)").get()
                                         or response.css("title::text").get() or "") or None,
                        text=text, author=author.get("name") if isinstance(author, dict) else str(author),
                        published_at=parse_vietnamese_time(published, seen_at) or published,
                        raw={"json_ld": ld})


def _article_ld(response: Response) -> dict[str, Any]:
    for script in response.xpath("//script[@type='application/ld+json']/text()").getall():
        try:
            data = json.loads(script, strict=False)
        except ValueError:
            continue
        nodes = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for node in nodes:
            if isinstance(node, dict) and node.get("@type") in _ARTICLE_TYPES:
                return node
    return {}
