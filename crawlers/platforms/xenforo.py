"""Base spider for XenForo 2 forums: forum listings → threads → pages of posts.

The thread's first post (page 1) becomes a ``post`` with the thread title; every other post a
``comment`` whose parent is the thread. Quoted text (``... said:`` blocks) is kept in ``raw``
and left out of ``text``. Incremental runs skip threads whose latest post is not newer than
``since`` and read a long thread from its last page backwards until the posts get old.

Config (crawlers/CONVENTIONS.md): ``start_urls`` are forum listings, ``articles`` thread URLs;
options ``max_threads`` (per listing page), ``max_forum_pages``, ``skip_sticky`` (default true).
"""
from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response

from core.ids import post_id
from crawlers.platforms.base import Item, SourceSpider
from crawlers.platforms.news_comments import plain_text

_THREAD = re.compile(r"^(?P<base>.*?[./](?P<id>\d+)/)(?:page-(?P<page>\d+))?/?$")


class XenforoSpider(SourceSpider):
    name = "xenforo"
    platform = "xenforo"

    @property
    def max_pages(self) -> int:
        return self.settings.getint("LANGNGHE_MAX_COMMENT_PAGES", 5)

    def option(self, key: str, default: Any) -> Any:
        return self.plan.options.get(key, default)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.plan.start_urls:
            yield scrapy.Request(self.plan.fetch_url(url), callback=self.parse_forum, cb_kwargs={"page": 1})
        for url in self.plan.articles:
            yield self.thread_request(url, page=1)

    def thread_request(self, public_url: str, page: int, backwards: bool = False, walked: int = 1) -> scrapy.Request:
        return scrapy.Request(self.plan.fetch_url(public_url), callback=self.parse_thread,
                              cb_kwargs={"page": page, "backwards": backwards, "walked": walked},
                              meta={"handle_httpstatus_list": [404, 403]})

    # --- forum listings ----------------------------------------------------------------

    def parse_forum(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        rows = response.css("div.structItem--thread")
        self.count("forum_rows", len(rows))
        followed = 0
        for row in rows:
            if self.option("skip_sticky", True) and row.css(".structItem-status--sticky"):
                self.count("threads_sticky_skipped")
                continue
            latest = _unix(row.css("time.structItem-latestDate::attr(data-time)").get())
            if not self.is_new(latest):
                self.count("threads_unchanged")
                continue
            if followed >= int(self.option("max_threads", 20)):
                self.count("threads_over_budget")
                continue
            href = row.css("div.structItem-title a[href*='/t/'], div.structItem-title a[href*='/threads/']")
            if href:
                followed += 1
                yield self.thread_request(self.plan.public_page_url(response.urljoin(href[-1].attrib["href"])), page=1)
        following = response.css("link[rel=next]::attr(href)").get()
        if following and page < int(self.option("max_forum_pages", 1)):
            yield scrapy.Request(response.urljoin(following), callback=self.parse_forum, cb_kwargs={"page": page + 1})

    # --- threads -----------------------------------------------------------------------

    def parse_thread(self, response: Response, page: int, backwards: bool,
                     walked: int) -> Iterator[Item | scrapy.Request]:
        if response.status in (403, 404):
            self.count("threads_unavailable")
            return
        url = self.plan.public_page_url(response.url)
        found = _THREAD.match(url.split("?")[0].split("#")[0])
        if not found:
            self.count("threads_unrecognised")
            return
        base, thread_id = found.group("base"), found.group("id")
        title = plain_text(response.css("h1.p-title-value").get() or "")
        posts = response.css("article.message--post")
        any_new = False
        for index, post in enumerate(posts):
            item = self.post_item(post, base, thread_id, title, opener=(page == 1 and index == 0))
            any_new = any_new or self.is_new(item.get("published_at"))
            yield item
        yield from self.more_pages(response, base, page, backwards, walked, any_new)

    def more_pages(self, response: Response, base: str, page: int, backwards: bool, walked: int,
                   any_new: bool) -> Iterator[scrapy.Request]:
        last = max([int(n) for n in response.css("ul.pageNav-main a::text").re(r"^\s*(\d+)\s*$")] or [page])
        if walked >= self.max_pages:
            if (backwards and page > 1) or (not backwards and page < last):
                self.count("thread_pages_over_budget")
            return
        if page == 1 and not backwards and self.since is not None and last > 1:
            yield self.thread_request(f"{base}page-{last}", last, backwards=True, walked=walked + 1)
        elif backwards and any_new and page > 2:
            yield self.thread_request(f"{base}page-{page - 1}", page - 1, backwards=True, walked=walked + 1)
        elif not backwards and page < last:
            yield self.thread_request(f"{base}page-{page + 1}", page + 1, walked=walked + 1)

    def post_item(self, post: Any, base: str, thread_id: str, title: str, opener: bool) -> Item:
        post_key = post.attrib.get("data-content", "")  # "post-<id>"
        number = post_key.removeprefix("post-")
        body = post.css("article.message-body div.bbWrapper")
        quotes = [{"author": q.attrib.get("data-quote"), "text": plain_text(q.css(".bbCodeBlock-content").get() or "")}
                  for q in body.css("blockquote.bbCodeBlock--quote")]
        html = body.get() or ""
        for quote in body.css("blockquote.bbCodeBlock--quote").getall():
            html = html.replace(quote, "")
        when = post.css("header.message-attribution time.u-dt::attr(datetime)").get()
        fields = {"author": post.attrib.get("data-author") or post.css("a.username::text").get(),
                  "text": plain_text(html), "published_at": _iso(when) or _unix(post.css("time.u-dt::attr(data-time)").get()),
                  "raw": {"post_id": number, "quotes": quotes, "datetime": when,
                          "reactions": plain_text(post.css(".reactionsBar-link").get() or "") or None}}
        if opener:
            return self.item(kind="post", canonical_id=f"t{thread_id}", url=base, title=title, **fields)
        return self.item(kind="comment", canonical_id=f"p{number}", url=f"{base}post-{number}",
                         parent_id=post_id(self.source_name, f"t{thread_id}"), **fields)


def _iso(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def _unix(value: str | None) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), tz=UTC) if value else None
    except (TypeError, ValueError, OverflowError):
        return None
