"""Base spider for Reddit's public JSON: subreddit listings → posts → comment trees, `more` stubs expanded.

A source spider only names itself; what it reads comes from its SourcePlan:
``feeds`` are listing URLs (``https://www.reddit.com/r/VietNam/new.json``), ``comment_refresh``
entries are post ids (``article_id``) whose comment trees are (re-)collected.

Reddit shows a large tree in parts: a ``more`` stub with child ids is expanded through
``/api/morechildren``; the ``id: "_"`` stub at the depth limit ("continue this thread") is
fetched through its parent comment's permalink. Both are bounded per tree
(``reddit_max_more_requests``). Items are plain dicts with the fields of ``core.schema.Post``.
"""
from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response
from w3lib.url import add_or_replace_parameters

from core.ids import post_id
from crawlers.platforms.base import Item, SourceSpider

MORECHILDREN_BATCH = 100  # Reddit expands at most 100 ids per /api/morechildren call
_UNAVAILABLE = [403, 404]


class RedditSpider(SourceSpider):
    """A source spider on Reddit: ``name`` is all it needs."""

    platform = "reddit"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from core.settings import get_settings

        self.config = get_settings()
        if not self.plan.demo:  # Reddit's rule for clients without OAuth: about 10 requests a minute
            self.download_delay = max(self.config.reddit_request_interval, self.config.download_delay)
        self.more_budget: dict[str, int] = {}
        self.seen: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for feed in self.plan.feeds:
            yield self.listing_request(feed, after=None, seen=0, page=1)
        for ref in self.plan.comment_refresh:
            yield self.tree_request(f"/comments/{ref.article_id}", with_post=True)

    # --- listings ------------------------------------------------------------------------

    def listing_request(self, feed: str, after: str | None, seen: int, page: int) -> scrapy.Request:
        # count=0 on the first page is Reddit's own way to say "nothing seen yet" (documented listing parameter)
        params = {"limit": 100, "raw_json": 1, "count": seen} | ({"after": after} if after else {})
        return scrapy.Request(self.plan.fetch_url(with_query(feed, **params)), callback=self.parse_listing,
                              cb_kwargs={"feed": feed, "seen": seen, "page": page},
                              meta={"handle_httpstatus_list": _UNAVAILABLE})

    def parse_listing(self, response: Response, feed: str, seen: int, page: int) -> Iterator[Item | scrapy.Request]:
        body = self.read(response, "listing")
        if body is None:
            return
        children = [c for c in body["data"]["children"] if c.get("kind") == "t3"]
        fresh = [c for c in children if self.is_new(created(c["data"]))]
        self.count("older_than_since", len(children) - len(fresh))
        for child in fresh:
            yield self.post_item(child)
        for child in children:
            if child["data"].get("num_comments") and self.in_comment_window(created(child["data"])):
                yield self.tree_request(child["data"]["permalink"], with_post=False)
        after = body["data"].get("after")
        if after and fresh and page < self.config.api_listing_pages:
            yield self.listing_request(feed, after, seen + len(children), page + 1)

    # --- comment trees ---------------------------------------------------------------

    def tree_request(self, permalink: str, with_post: bool) -> scrapy.Request:
        path = permalink.rstrip("/") + ".json"
        url = with_query(self.site(path), raw_json=1, limit=500, depth=self.config.reddit_comment_depth)
        return scrapy.Request(self.plan.fetch_url(url), callback=self.parse_tree, cb_kwargs={"with_post": with_post},
                              meta={"handle_httpstatus_list": _UNAVAILABLE})

    def parse_tree(self, response: Response, with_post: bool) -> Iterator[Item | scrapy.Request]:
        body = self.read(response, "comments")
        if body is None:
            return
        post_listing, comments = body
        post = post_listing["data"]["children"][0]
        if with_post and self.is_new(created(post["data"])):
            yield self.post_item(post)
        yield from self.walk(comments["data"]["children"], post["data"]["name"])

    def walk(self, things: list[dict[str, Any]], link_id: str) -> Iterator[Item | scrapy.Request]:
        """Every comment of a (sub)tree, depth first; ``more`` stubs become bounded requests."""
        for thing in things:
            if thing["kind"] == "more":
                yield from self.expand(thing["data"], link_id)
            elif thing["kind"] == "t1":
                data = thing["data"]
                if data["name"] not in self.seen:
                    self.seen.add(data["name"])
                    if self.is_new(created(data)):
                        yield self.comment_item(thing)
                    else:
                        self.count("older_than_since")
                replies = data.get("replies")
                if isinstance(replies, dict):  # "" when there are none
                    yield from self.walk(replies["data"]["children"], link_id)

    def expand(self, stub: dict[str, Any], link_id: str) -> Iterator[scrapy.Request]:
        if stub.get("id") == "_" or (not stub.get("children") and stub.get("parent_id", "").startswith("t1_")):
            requests = [self.continue_request(stub["parent_id"], link_id)]  # "continue this thread"
        else:
            ids = list(stub.get("children") or [])
            requests = [self.morechildren_request(ids[i:i + MORECHILDREN_BATCH], link_id)
                        for i in range(0, len(ids), MORECHILDREN_BATCH)]
        self.count("more_stubs")
        for request in requests:
            if self.more_budget.get(link_id, 0) >= self.config.reddit_max_more_requests:
                self.count("more_over_budget")
                continue
            self.more_budget[link_id] = self.more_budget.get(link_id, 0) + 1
            self.count("more_requests")
            yield request

    def continue_request(self, parent: str, link_id: str) -> scrapy.Request:
        path = f"/comments/{link_id.removeprefix('t3_')}/_/{parent.removeprefix('t1_')}"
        url = with_query(self.site(path + ".json"), raw_json=1, depth=self.config.reddit_comment_depth)
        return scrapy.Request(self.plan.fetch_url(url), callback=self.parse_continued, cb_kwargs={"link_id": link_id},
                              meta={"handle_httpstatus_list": _UNAVAILABLE})

    def parse_continued(self, response: Response, link_id: str) -> Iterator[Item | scrapy.Request]:
        body = self.read(response, "more")
        if body is not None:
            yield from self.walk(body[1]["data"]["children"], link_id)

    def morechildren_request(self, ids: list[str], link_id: str) -> scrapy.Request:
        url = with_query(self.site("/api/morechildren.json"), api_type="json", raw_json=1, limit_children="false",
                         link_id=link_id, children=",".join(ids))
        return scrapy.Request(self.plan.fetch_url(url), callback=self.parse_morechildren,
                              cb_kwargs={"link_id": link_id}, meta={"handle_httpstatus_list": _UNAVAILABLE})

    def parse_morechildren(self, response: Response, link_id: str) -> Iterator[Item | scrapy.Request]:
        """/api/morechildren answers a flat list; each comment carries its ``parent_id``."""
        body = self.read(response, "more")
        if body is None:
            return
        yield from self.walk(body["json"]["data"]["things"], link_id)

    # --- mapping ------------------------------------------------------------------------

    def post_item(self, thing: dict[str, Any]) -> Item:
        data = thing["data"]
        self.seen.add(data["name"])
        return self.item(kind="post", canonical_id=data["name"], url=self.site(data["permalink"]),
                         author=data.get("author"), title=data.get("title"), text=data.get("selftext") or "",
                         published_at=created(data), likes=data.get("score"), replies=data.get("num_comments"),
                         raw=thing)

    def comment_item(self, thing: dict[str, Any]) -> Item:
        data = thing["data"]
        permalink = data.get("permalink") or f"/comments/{data['link_id'].removeprefix('t3_')}/_/{data['id']}/"
        return self.item(kind="comment", canonical_id=data["name"], url=self.site(permalink),
                         parent_id=post_id(self.source_name, data["parent_id"]), author=data.get("author"),
                         text=data.get("body") or "", published_at=created(data), likes=data.get("score"),
                         raw=without_replies(thing))

    def site(self, path: str) -> str:
        return self.plan.public_urls.site + path


    def read(self, response: Response, what: str) -> Any:
        """The JSON body, or None after counting why not (404/403: not available to us)."""
        if response.status in (403, 404):
            self.count(f"{what}_unavailable")
            return None
        try:
            return response.json()
        except ValueError as exc:
            self.count(f"{what}_unreadable")
            self.logger.warning("unreadable %s page %s: %r", what, response.url, exc)
            return None


def without_replies(thing: dict[str, Any]) -> dict[str, Any]:
    """The comment's record without its nested subtree: each reply is a document of its own."""
    return {**thing, "data": {k: v for k, v in thing["data"].items() if k != "replies"}}


def created(data: dict[str, Any]) -> datetime | None:
    stamp = data.get("created_utc")
    return None if stamp is None else datetime.fromtimestamp(float(stamp), UTC)


def with_query(url: str, **params: Any) -> str:
    return add_or_replace_parameters(url, {k: str(v) for k, v in params.items()})
