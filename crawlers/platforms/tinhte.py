"""Base spider for Tinhte's XenForo "bdApi" JSON API: forum thread lists → threads → posts → reply ranges.

A source's plan ``options.forums`` are forum ids whose thread lists are read; ``comment_refresh``
entries are thread ids whose posts are (re-)read. A thread becomes a ``post`` (its first post's
text), every other post a ``comment``; a reply names the post it answers. Long reply chains come
as a range stub (``post_replies[].link``) that is fetched. Paging follows ``links.next``; every
first page is asked for with ``page=1`` explicitly.
"""
from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response

from core.ids import post_id
from crawlers.platforms.base import Item, SourceSpider

API_PATH = "/appforo/index.php"
_UNAVAILABLE = [403, 404]


class TinhteSpider(SourceSpider):
    platform = "tinhte"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from core.settings import get_settings

        self.listing_pages = int(self.plan.options.get("listing_pages", get_settings().api_listing_pages))
        self.seen: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for forum in self.plan.options.get("forums", []):
            yield self.api_request(f"threads/&forum_id={forum}&page=1", self.parse_threads, page=1)
        for ref in self.plan.comment_refresh:
            yield self.posts_request(ref.article_id, with_thread=True)

    def api_request(self, route: str, callback: Any, **cb_kwargs: Any) -> scrapy.Request:
        """``route`` is bdApi's own query string (``posts/&thread_id=1&page=1``); it must not be re-encoded."""
        return self.follow(f"{self.plan.public_urls.site}{API_PATH}?{route}", callback, **cb_kwargs)

    def follow(self, public_url: str, callback: Any, **cb_kwargs: Any) -> scrapy.Request:
        return scrapy.Request(self.plan.fetch_url(public_url), callback=callback, cb_kwargs=cb_kwargs,
                              meta={"handle_httpstatus_list": _UNAVAILABLE})

    def posts_request(self, thread: str | int, with_thread: bool) -> scrapy.Request:
        return self.api_request(f"posts/&thread_id={thread}&page=1", self.parse_posts, page=1,
                                with_thread=with_thread)

    def next_page(self, body: dict[str, Any], page: int, limit: int, callback: Any,
                  **cb_kwargs: Any) -> Iterator[scrapy.Request]:
        following = (body.get("links") or {}).get("next")
        if following and page >= limit:
            self.count("page_limit_reached")
        elif following:
            yield self.follow(following, callback, page=page + 1, **cb_kwargs)

    # --- responses ----------------------------------------------------------------------

    def parse_threads(self, response: Response, page: int) -> Iterator[Item | scrapy.Request]:
        body = self.read(response, "threads")
        if body is None:
            return
        for thread in body.get("threads", []):
            item = self.thread_item(thread, thread.get("first_post") or {}, raw=thread)
            if self.first_time(item["canonical_id"]) and self.is_new(item["published_at"]):
                yield item
            if self.in_comment_window(_time(thread.get("thread_update_date"))):
                yield self.posts_request(thread["thread_id"], with_thread=False)
        yield from self.next_page(body, page, self.listing_pages, self.parse_threads)

    def parse_posts(self, response: Response, page: int, with_thread: bool) -> Iterator[Item | scrapy.Request]:
        body = self.read(response, "posts")
        if body is None:
            return
        posts = body.get("posts", [])
        first = next((p for p in posts if p.get("post_is_first_post")), None)
        thread = body.get("thread")
        if with_thread and thread and self.first_time(f"t{thread['thread_id']}"):
            item = self.thread_item(thread, first or {}, raw={**thread, "first_post": first})
            if self.is_new(item["published_at"]):
                yield item
        for post in posts:
            if not post.get("post_is_first_post"):
                yield from self.post_items(post)
            for stub in post.get("post_replies") or []:
                if stub.get("link"):
                    self.count("reply_ranges")
                    yield self.follow(stub["link"], self.parse_replies)
        yield from self.next_page(body, page, self.max_comment_pages, self.parse_posts, with_thread=with_thread)

    def parse_replies(self, response: Response) -> Iterator[Item]:
        body = self.read(response, "replies")
        for post in (body or {}).get("replies", []):
            yield from self.post_items(post)

    # --- mapping ------------------------------------------------------------------------

    def thread_item(self, thread: dict[str, Any], first: dict[str, Any], raw: dict[str, Any]) -> Item:
        links = thread.get("links") or {}
        posts = thread.get("thread_post_count")
        return self.item(kind="post", canonical_id=f"t{thread['thread_id']}",
                         url=links.get("permalink") or f"{self.plan.public_urls.site}/threads/{thread['thread_id']}/",
                         author=thread.get("creator_username"), title=thread.get("thread_title"),
                         text=first.get("post_body_plain_text") or "",
                         published_at=_time(thread.get("thread_create_date")), likes=first.get("post_like_count"),
                         replies=None if posts is None else max(int(posts) - 1, 0), raw=raw)

    def post_items(self, post: dict[str, Any]) -> Iterator[Item]:
        """The post as a comment, once per run, unless it is older than ``since``."""
        key = str(post["post_id"])
        if not self.first_time(f"p{key}"):
            return
        published = _time(post.get("post_create_date"))
        if not self.is_new(published):
            self.count("older_than_since")
            return
        parent = f"p{post['post_reply_to']}" if post.get("post_reply_to") else f"t{post['thread_id']}"
        yield self.item(kind="comment", canonical_id=f"p{key}",
                        url=(post.get("links") or {}).get("permalink") or f"{self.plan.public_urls.site}/posts/{key}/",
                        parent_id=post_id(self.source_name, parent), author=post.get("poster_username"),
                        text=post.get("post_body_plain_text") or "", published_at=published,
                        likes=post.get("post_like_count"), raw=post)

    # --- helpers ------------------------------------------------------------------------

    def first_time(self, canonical_id: str) -> bool:
        """True the first time this run meets an item (pages and reply ranges overlap)."""
        if canonical_id in self.seen:
            return False
        self.seen.add(canonical_id)
        return True

    def read(self, response: Response, what: str) -> dict[str, Any] | None:
        if response.status in _UNAVAILABLE:
            self.count(f"{what}_unavailable")
            return None
        try:
            body = response.json()
        except ValueError as exc:
            self.count(f"{what}_unreadable")
            self.logger.warning("unreadable %s page %s: %r", what, response.url, exc)
            return None
        if not isinstance(body, dict) or body.get("errors"):
            self.count(f"{what}_unavailable")
            self.logger.info("%s unavailable: %s", what, body.get("errors") if isinstance(body, dict) else body)
            return None
        return body


def _time(stamp: Any) -> datetime | None:
    return None if stamp is None else datetime.fromtimestamp(int(stamp), UTC)
