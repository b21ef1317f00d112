"""Base spider for the Facebook Graph API: public page (or group) feeds → posts → comments → replies.

A source's plan ``options`` name the ``pages`` (ids whose ``/feed`` is read), the
``graph_version`` and the ``comment_filter``: ``stream`` (all comments and replies in one
chronological list; a reply names its parent) or ``toplevel`` (top-level comments, then each
one's replies from ``/<comment-id>/comments``). ``comment_refresh`` entries are post ids whose
comments are (re-)read; a ``filter`` key overrides the source's. Paging follows ``paging.next``
as the API gives it. The token is ``facebook_access_token`` from settings (``options.access_token``
only for the demo profile, whose fixture server ignores it); without one the source reports
"not configured" and stops.
"""
from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import scrapy
from scrapy.http import Response
from w3lib.url import add_or_replace_parameters

from core.ids import post_id
from crawlers.platforms.base import Item, SourceSpider

FEED_FIELDS = ("id,message,created_time,updated_time,permalink_url,from,status_type,shares,"
               "comments.filter(stream).summary(true).limit(0),reactions.summary(true).limit(0)")
COMMENT_FIELDS = "id,from,message,created_time,like_count,comment_count,permalink_url,parent{id}"
_UNAVAILABLE = [400, 403, 404]  # a removed post, a missing permission: counted, never fatal


class FacebookGraphSpider(SourceSpider):
    platform = "facebook"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from core.settings import get_settings

        self.config = get_settings()
        options = self.plan.options
        self.token = self.config.facebook_access_token or (options.get("access_token") if self.plan.demo else None)
        self.version = str(options.get("graph_version", "v23.0"))
        self.comment_filter = str(options.get("comment_filter", "stream"))
        self.listing_pages = int(options.get("listing_pages", self.config.api_listing_pages))
        self.seen: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.token:
            self.not_configured("no Facebook Graph API token: set LANGNGHE_FACEBOOK_ACCESS_TOKEN")
            return
        for page in self.plan.options.get("pages", []):
            params = {"fields": FEED_FIELDS, "limit": 25} | ({"since": int(self.since.timestamp())} if self.since else {})
            yield self.graph_request(self.graph_url(f"{page}/feed", params), self.parse_feed, page=1)
        for ref in self.plan.comment_refresh:
            yield self.comments_request(ref.article_id, ref.params.get("filter", self.comment_filter))

    # --- requests ----------------------------------------------------------------------

    def graph_url(self, path: str, params: dict[str, Any]) -> str:
        url = f"{self.plan.public_urls.as_dict()['api']}/{self.version}/{path}"
        return add_or_replace_parameters(url, {k: str(v) for k, v in params.items()})

    def graph_request(self, url: str, callback: Any, **cb_kwargs: Any) -> scrapy.Request:
        """A request for ``url`` (a Graph URL as built or as given by ``paging.next``) with our token."""
        url = add_or_replace_parameters(url, {"access_token": self.token})
        return scrapy.Request(self.plan.fetch_url(url), callback=callback, cb_kwargs=cb_kwargs,
                              meta={"handle_httpstatus_list": _UNAVAILABLE})

    def comments_request(self, post: str, mode: str) -> scrapy.Request:
        params = {"fields": COMMENT_FIELDS, "filter": mode, "order": "chronological", "summary": 1, "limit": 100}
        return self.graph_request(self.graph_url(f"{post}/comments", params), self.parse_comments,
                                  post=post, mode=mode, page=1)

    def next_page(self, body: dict[str, Any], page: int, limit: int, callback: Any,
                  **cb_kwargs: Any) -> Iterator[scrapy.Request]:
        following = (body.get("paging") or {}).get("next")
        if following and page >= limit:
            self.count("page_limit_reached")
        elif following:
            yield self.graph_request(following, callback, page=page + 1, **cb_kwargs)

    # --- responses ----------------------------------------------------------------------

    def parse_feed(self, response: Response, page: int) -> Iterator[Item | scrapy.Request]:
        body = self.read(response, "feed")
        if body is None:
            return
        for post in body.get("data", []):
            if post["id"] in self.seen:
                continue
            self.seen.add(post["id"])
            item = self.post_item(post)
            yield item
            if _total(post, "comments") != 0 and self.in_comment_window(item["published_at"]):
                yield self.comments_request(post["id"], self.comment_filter)
        yield from self.next_page(body, page, self.listing_pages, self.parse_feed)

    def parse_comments(self, response: Response, post: str, mode: str, page: int,
                       parent: str | None = None) -> Iterator[Item | scrapy.Request]:
        body = self.read(response, "comments")
        if body is None:
            return
        for comment in body.get("data", []):
            cid, parent_cid = comment_ids(comment)
            if cid is None or cid in self.seen:
                self.count("comments_without_id" if cid is None else "comments_repeated")
                continue
            self.seen.add(cid)
            parent_cid = parent_cid or parent
            yield self.comment_item(comment, cid, post_id(self.source_name, parent_cid or post))
            if mode == "toplevel" and parent is None and comment.get("comment_count"):
                yield self.graph_request(self.graph_url(f"{cid}/comments", {"fields": COMMENT_FIELDS, "limit": 100}),
                                         self.parse_comments, post=post, mode=mode, page=1, parent=cid)
        yield from self.next_page(body, page, self.max_comment_pages, self.parse_comments,
                                  post=post, mode=mode, parent=parent)

    # --- mapping ------------------------------------------------------------------------

    def post_item(self, post: dict[str, Any]) -> Item:
        page, _, story = post["id"].partition("_")
        url = post.get("permalink_url") or f"https://www.facebook.com/{page}/posts/{story or page}"
        return self.item(kind="post", canonical_id=post["id"], url=url, author=(post.get("from") or {}).get("name"),
                         text=post.get("message") or "", published_at=parse_time(post.get("created_time")),
                         likes=_total(post, "reactions"), replies=_total(post, "comments"), raw=post)

    def comment_item(self, comment: dict[str, Any], cid: str, parent: str) -> Item:
        return self.item(kind="comment", canonical_id=cid, url=comment.get("permalink_url") or f"https://www.facebook.com/{cid}",
                         parent_id=parent, author=(comment.get("from") or {}).get("name"),
                         text=comment.get("message") or "", published_at=parse_time(comment.get("created_time")),
                         likes=comment.get("like_count"), replies=comment.get("comment_count"), raw=comment)

    # --- helpers ------------------------------------------------------------------------

    def read(self, response: Response, what: str) -> dict[str, Any] | None:
        """The JSON body, or None after counting why not; the Graph API's error message is logged."""
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status in _UNAVAILABLE or not isinstance(body, dict) or "error" in body:
            error = body.get("error") if isinstance(body, dict) else None
            self.count(f"{what}_unavailable")
            self.logger.info("%s unavailable (HTTP %s): %s", what, response.status,
                             (error or {}).get("message") or "no JSON body")
            return None
        return body


def comment_ids(comment: dict[str, Any]) -> tuple[str | None, str | None]:
    """The comment's Graph id and its parent comment's, if a reply.

    ``filter=stream`` responses may carry neither ``id`` nor ``parent``; the permalink still names
    both (``posts/<post>/?comment_id=<c>&reply_comment_id=<r>``), and a Graph comment id is
    ``<post>_<comment>``."""
    parent = (comment.get("parent") or {}).get("id")
    link = urlsplit(comment.get("permalink_url") or "")
    query = {k: v[0] for k, v in parse_qs(link.query).items()}
    segments = [s for s in link.path.split("/") if s]
    story = segments[segments.index("posts") + 1] if "posts" in segments[:-1] else None
    if comment.get("id"):
        cid = comment["id"]
    elif story and ("reply_comment_id" in query or "comment_id" in query):
        cid = f"{story}_{query.get('reply_comment_id') or query['comment_id']}"
    else:
        return None, parent
    if parent is None and story and "reply_comment_id" in query and "comment_id" in query:
        parent = f"{story}_{query['comment_id']}"
    return cid, parent


def _total(record: dict[str, Any], edge: str) -> int | None:
    """``summary.total_count`` of an edge requested with ``.summary(true).limit(0)``; None when not asked."""
    summary = (record.get(edge) or {}).get("summary") or {}
    return summary.get("total_count")


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None  # "2021-08-10T18:45:03+0000"
