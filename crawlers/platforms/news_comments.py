"""Base spider for a news site with a comment API: RSS feeds or sitemaps → article pages → comment
pages → replies (paged by the API, or inline with their comment).

Paging, reply threads, parent ids, 404s, demo URL rewriting and counting live here once; a site
spider only says where things are on its pages and in its API (the hooks at the bottom).
Items are plain dicts with the fields of ``core.schema.Post``; the validate pipeline builds the Post.
"""
from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy.http import Response
from w3lib.html import remove_tags, replace_entities

from core.ids import post_id
from crawlers.dates import parse_vietnamese_time, response_time
from crawlers.platforms.base import Item, SourceSpider
from crawlers.sources import CommentRefresh

_BREAK = re.compile(r"<br\s*/?>|</p>", re.IGNORECASE)


@dataclass(frozen=True)
class Thread:
    """The comments of one article, as the comment API addresses them."""

    article_id: str
    params: dict[str, str] = field(default_factory=dict)
    article_url: str | None = None


@dataclass(frozen=True)
class CommentPage:
    items: list[dict[str, Any]]
    total: int | None = None


class NewsCommentsSpider(SourceSpider):
    """Give it a ``SourcePlan``, the run's ``collected_at`` and ``since`` (see ``SourceSpider``)."""

    platform = "news_comments"
    comment_page_size = 20  # a site's default; a source may set options.comment_page_size

    @property
    def page_size(self) -> int:
        return int(self.plan.options.get("comment_page_size", self.comment_page_size))

    @property
    def max_pages(self) -> int:
        return self.settings.getint("LANGNGHE_MAX_COMMENT_PAGES", 5)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for feed in self.plan.feeds:
            yield scrapy.Request(self.plan.fetch_url(feed), callback=self.parse_feed)
        for sitemap in self.plan.sitemaps:
            yield scrapy.Request(self.plan.fetch_url(sitemap), callback=self.parse_sitemap)
        for url in self.plan.articles:
            yield scrapy.Request(self.plan.fetch_url(url), callback=self.parse_article_page)
        for ref in self.plan.comment_refresh:
            yield self.comments_request(self.refresh_thread(ref), offset=0, page=1)

    # --- discovery and articles ------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        links = [link.strip() for link in Selector(text=response.text, type="xml").xpath("//item/link/text()").getall()]
        self.count("feed_links", len(links))
        yield from self._article_requests(links)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap (or sitemap index): article URLs, skipping those last modified before the window."""
        from scrapy.utils.sitemap import Sitemap

        sitemap = Sitemap(response.body)
        entries = [e for e in sitemap if self._recent(e.get("lastmod"))]
        if sitemap.type == "sitemapindex":
            for entry in entries:
                yield scrapy.Request(self.plan.fetch_url(entry["loc"]), callback=self.parse_sitemap)
            return
        self.count("sitemap_links", len(entries))
        yield from self._article_requests([e["loc"] for e in entries])

    def _article_requests(self, links: list[str]) -> Iterator[scrapy.Request]:
        for link in links:
            if self.is_article_url(link):
                yield scrapy.Request(self.plan.fetch_url(link), callback=self.parse_article_page)

    def _recent(self, lastmod: str | None) -> bool:
        when = parse_vietnamese_time(lastmod, self.collected_at) if lastmod else None
        return when is None or self.within_comment_window(when)

    def within_comment_window(self, published_at: Any) -> bool:
        """Whether an article is recent enough for its new comments to be collected this run: published
        at most ``comment_window_days`` before the run's lower bound (the watermark or the backfill)."""
        if self.since is None or not isinstance(published_at, datetime):
            return True
        days = self.settings.getfloat("LANGNGHE_COMMENT_WINDOW_DAYS", 7)
        return published_at >= min(self.since, self.collected_at) - timedelta(days=days)

    def parse_article_page(self, response: Response) -> Iterator[Item | scrapy.Request]:
        fields, thread = self.parse_article(response)
        yield self.item(kind="article", **fields)
        if thread is None:
            self.count("no_comment_widget")
        elif not self.within_comment_window(fields.get("published_at")):
            self.count("comments_skipped_old_article")
        else:
            yield self.comments_request(thread, offset=0, page=1)

    # --- comments and replies --------------------------------------------------------

    def comments_request(self, thread: Thread, offset: int, page: int) -> scrapy.Request:
        return scrapy.Request(self.plan.fetch_url(self.comments_url(thread, offset)), callback=self.parse_comments,
                              cb_kwargs={"thread": thread, "offset": offset, "page": page},
                              meta={"handle_httpstatus_list": [404]})

    def replies_request(self, thread: Thread, parent: str, total: int, offset: int, page: int) -> scrapy.Request:
        return scrapy.Request(self.plan.fetch_url(self.replies_url(thread, parent, offset)),
                              callback=self.parse_replies,
                              cb_kwargs={"thread": thread, "parent": parent, "total": total,
                                         "offset": offset, "page": page},
                              meta={"handle_httpstatus_list": [404]})

    def parse_comments(self, response: Response, thread: Thread, offset: int,
                       page: int) -> Iterator[Item | scrapy.Request]:
        batch = self._read(response, "comments", self.read_comments)
        if batch is None:
            return
        seen_at = response_time(response.headers.get("Date"), self.collected_at)
        for raw in batch.items:
            yield self.comment_item(raw, thread, parent=None, seen_at=seen_at)
            yield from self.replies_of(raw, thread, seen_at)
        if self._more(offset, len(batch.items), batch.total, page):
            yield self.comments_request(thread, offset + len(batch.items), page + 1)

    def replies_of(self, raw: dict[str, Any], thread: Thread, seen_at: datetime) -> Iterator[Item | scrapy.Request]:
        parent = self.comment_id(raw)
        total, inline = self.reply_counts(raw)
        if total > len(inline):
            yield self.replies_request(thread, parent, total, offset=0, page=1)
        else:
            for reply in inline:
                yield self.comment_item(reply, thread, parent=parent, seen_at=seen_at)

    def parse_replies(self, response: Response, thread: Thread, parent: str, total: int,
                      offset: int, page: int) -> Iterator[Item | scrapy.Request]:
        batch = self._read(response, "replies", self.read_replies)
        if batch is None:
            return
        seen_at = response_time(response.headers.get("Date"), self.collected_at)
        for raw in batch.items:
            yield self.comment_item(raw, thread, parent=parent, seen_at=seen_at)
        if self._more(offset, len(batch.items), batch.total or total, page):
            yield self.replies_request(thread, parent, total, offset + len(batch.items), page + 1)

    def comment_item(self, raw: dict[str, Any], thread: Thread, parent: str | None, seen_at: datetime) -> Item:
        cid = self.comment_id(raw)
        parent_doc = post_id(self.source_name, f"c{parent}" if parent else thread.article_id)
        url = f"{thread.article_url or self.thread_url(thread)}#comment-{cid}"
        return self.item(kind="comment", canonical_id=f"c{cid}", url=url, parent_id=parent_doc, raw=raw,
                         **self.comment_fields(raw, seen_at))

    def _read(self, response: Response, what: str, reader: Any) -> CommentPage | None:
        """The API page, or None after counting why not: a 404 means 'none available here'."""
        if response.status == 404:
            self.count(f"{what}_unavailable")
            return None
        try:
            return reader(response.json())
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            self.count(f"{what}_unreadable")
            self.logger.warning("unreadable %s page %s: %r", what, response.url, exc)
            return None

    def _more(self, offset: int, got: int, total: int | None, page: int) -> bool:
        return got > 0 and (total is None or offset + got < total) and page < self.max_pages

    # --- hooks a site spider provides ------------------------------------------------

    def is_article_url(self, url: str) -> bool:
        return urlsplit(url).netloc == urlsplit(self.plan.public_urls.site).netloc

    def refresh_thread(self, ref: CommentRefresh) -> Thread:
        return Thread(article_id=ref.article_id, params=ref.params, article_url=ref.url)

    def parse_article(self, response: Response) -> tuple[Item, Thread | None]:
        """Post fields of the article (canonical_id, url, title, text, ...) and its comment thread."""
        raise NotImplementedError

    def comments_url(self, thread: Thread, offset: int) -> str:
        """Public URL of a page of top-level comments."""
        raise NotImplementedError

    def replies_url(self, thread: Thread, parent: str, offset: int) -> str:
        raise NotImplementedError

    def thread_url(self, thread: Thread) -> str:
        """Public URL naming the thread, for comments of an article whose page URL is unknown."""
        raise NotImplementedError

    def read_comments(self, body: Any) -> CommentPage:
        raise NotImplementedError

    def read_replies(self, body: Any) -> CommentPage:
        raise NotImplementedError

    def comment_id(self, raw: dict[str, Any]) -> str:
        raise NotImplementedError

    def reply_counts(self, raw: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
        """How many replies a comment has, and those given inline with it."""
        raise NotImplementedError

    def comment_fields(self, raw: dict[str, Any], seen_at: datetime) -> Item:
        """author, text and published_at of a comment; ``seen_at`` (the response's time) resolves relative dates."""
        raise NotImplementedError


def plain_text(html: str) -> str:
    """Readable plain text of an HTML fragment: line breaks kept, tags dropped, entities decoded."""
    text = replace_entities(remove_tags(_BREAK.sub("\n", html)))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
