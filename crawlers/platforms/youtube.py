"""Base spider for the YouTube Data API v3: videos (by search or by id) → commentThreads → replies.

What a source reads comes from its plan's ``options`` (crawlers/CONVENTIONS.md):
``queries`` and ``channels`` (search.list, newest first), ``videos`` (videos.list ids, their
comments always read), ``channel_comment_threads`` (commentThreads of a whole channel).
The key is ``youtube_api_key`` from settings (``options.api_key`` only for the demo profile,
whose fixture server ignores it); without one the source reports "not configured" and stops.
Paging follows ``nextPageToken``; a page bringing nothing new ends its list.
"""
from __future__ import annotations

import html
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any

import scrapy
from scrapy.http import Response
from w3lib.url import add_or_replace_parameters

from core.ids import post_id
from crawlers.platforms.base import Item, SourceSpider

API = "/youtube/v3"
_UNAVAILABLE = [400, 403, 404]  # 403: quota exceeded or comments disabled; counted, never fatal


class YoutubeSpider(SourceSpider):
    platform = "youtube"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from core.settings import get_settings

        self.config = get_settings()
        self.key = self.config.youtube_api_key or (self.plan.options.get("api_key") if self.plan.demo else None)
        self.listing_pages = int(self.plan.options.get("listing_pages", self.config.api_listing_pages))
        self.seen: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.key:
            self.not_configured("no YouTube Data API key: set LANGNGHE_YOUTUBE_API_KEY")
            return
        options = self.plan.options
        for query in options.get("queries", []):
            yield self.search_request({"q": query})
        for channel in options.get("channels", []):
            yield self.search_request({"channelId": channel})
        for channel in options.get("channel_comment_threads", []):
            yield self.threads_request({"allThreadsRelatedToChannelId": channel})
        for video in options.get("videos", []):
            yield self.api_request("videos", {"id": video, "part": "snippet,statistics"}, self.parse_videos)
            yield self.threads_request({"videoId": video})

    # --- requests ----------------------------------------------------------------------

    def api_request(self, method: str, params: dict[str, Any], callback: Any, page: int = 1,
                    **cb_kwargs: Any) -> scrapy.Request:
        url = add_or_replace_parameters(self.plan.public_urls.as_dict()["api"] + f"{API}/{method}",
                                        {k: str(v) for k, v in params.items()} | {"key": self.key})
        return scrapy.Request(self.plan.fetch_url(url), callback=callback,
                              cb_kwargs={"params": params, "page": page, **cb_kwargs},
                              meta={"handle_httpstatus_list": _UNAVAILABLE})

    def search_request(self, params: dict[str, Any]) -> scrapy.Request:
        params = {"part": "snippet", "type": "video", "order": "date", "maxResults": 25, **params}
        if self.since:
            params["publishedAfter"] = self.since.isoformat().replace("+00:00", "Z")
        return self.api_request("search", params, self.parse_search)

    def threads_request(self, params: dict[str, Any]) -> scrapy.Request:
        params = {"part": "snippet,replies", "order": "time", "maxResults": 100, "textFormat": "plainText", **params}
        return self.api_request("commentThreads", params, self.parse_threads)

    def replies_request(self, thread: dict[str, Any]) -> scrapy.Request:
        params = {"part": "snippet", "parentId": thread["id"], "maxResults": 100, "textFormat": "plainText"}
        return self.api_request("comments", params, self.parse_replies, video=thread["snippet"].get("videoId"))

    def next_page(self, response: Response, body: dict[str, Any], params: dict[str, Any], page: int,
                  limit: int, fresh: int, **cb_kwargs: Any) -> Iterator[scrapy.Request]:
        """The next page, unless this one brought nothing new (a loop) or the page limit is reached."""
        token = body.get("nextPageToken")
        if not token:
            return
        if not fresh:
            self.count("pages_without_new_items")
        elif page >= limit:
            self.count("page_limit_reached")
        else:
            yield self.api_request(_method(response), {**params, "pageToken": token}, response.request.callback,
                                   page + 1, **cb_kwargs)

    # --- responses ----------------------------------------------------------------------

    def parse_search(self, response: Response, params: dict[str, Any], page: int) -> Iterator[Item | scrapy.Request]:
        body = self.read(response, "search")
        if body is None:
            return
        fresh = 0
        for result in body.get("items", []):
            video = (result.get("id") or {}).get("videoId")
            if not video or video in self.seen:
                continue
            self.seen.add(video)
            fresh += 1
            item = self.video_item(video, result)
            yield item
            if self.in_comment_window(item["published_at"]):
                yield self.threads_request({"videoId": video})
        yield from self.next_page(response, body, params, page, self.listing_pages, fresh)

    def parse_videos(self, response: Response, params: dict[str, Any], page: int) -> Iterator[Item]:
        body = self.read(response, "videos")
        for video in (body or {}).get("items", []):
            if video["id"] not in self.seen:
                self.seen.add(video["id"])
                yield self.video_item(video["id"], video)

    def parse_threads(self, response: Response, params: dict[str, Any], page: int) -> Iterator[Item | scrapy.Request]:
        body = self.read(response, "comment_threads")
        if body is None:
            return
        fresh = 0
        for thread in body.get("items", []):
            if thread["id"] in self.seen:
                continue
            self.seen.add(thread["id"])
            fresh += 1
            yield self.comment_item(thread["snippet"]["topLevelComment"], thread["snippet"].get("videoId"),
                                    replies=thread["snippet"].get("totalReplyCount"), raw=thread)
            yield from self.replies_of(thread)
        yield from self.next_page(response, body, params, page, self.max_comment_pages, fresh)

    def replies_of(self, thread: dict[str, Any]) -> Iterator[Item | scrapy.Request]:
        """Replies given with the thread when they are all there (the API inlines at most 5), else comments.list."""
        total = int(thread["snippet"].get("totalReplyCount") or 0)
        inline = (thread.get("replies") or {}).get("comments", [])
        if total > len(inline):
            yield self.replies_request(thread)
            return
        for reply in inline:
            if reply["id"] not in self.seen:
                self.seen.add(reply["id"])
                yield self.comment_item(reply, thread["snippet"].get("videoId"))

    def parse_replies(self, response: Response, params: dict[str, Any], page: int,
                      video: str | None) -> Iterator[Item | scrapy.Request]:
        body = self.read(response, "replies")
        if body is None:
            return
        fresh = 0
        for reply in body.get("items", []):
            if reply["id"] not in self.seen:
                self.seen.add(reply["id"])
                fresh += 1
                yield self.comment_item(reply, video)
        yield from self.next_page(response, body, params, page, self.max_comment_pages, fresh, video=video)

    # --- mapping ------------------------------------------------------------------------

    def video_item(self, video: str, record: dict[str, Any]) -> Item:
        snippet, stats = record.get("snippet", {}), record.get("statistics", {})
        return self.item(kind="post", canonical_id=video, url=watch_url(video), author=snippet.get("channelTitle"),
                         title=html.unescape(snippet.get("title") or ""),
                         text=html.unescape(snippet.get("description") or ""),
                         published_at=parse_time(snippet.get("publishedAt")), likes=_int(stats.get("likeCount")),
                         replies=_int(stats.get("commentCount")), raw=record)

    def comment_item(self, comment: dict[str, Any], video: str | None, replies: int | None = None,
                     raw: dict[str, Any] | None = None) -> Item:
        snippet = comment["snippet"]
        video = video or snippet.get("videoId")
        parent = snippet.get("parentId") or video
        return self.item(kind="comment", canonical_id=comment["id"],
                         url=watch_url(video, comment=comment["id"]) if video else self.comment_api_url(comment["id"]),
                         parent_id=post_id(self.source_name, parent) if parent else None,
                         author=snippet.get("authorDisplayName"), text=comment_text(snippet),
                         published_at=parse_time(snippet.get("publishedAt")), likes=_int(snippet.get("likeCount")),
                         replies=replies, raw=raw or comment)

    def comment_api_url(self, comment: str) -> str:
        """For a reply whose video is unknown: the comment's public API address, without the key."""
        return f"{self.plan.public_urls.as_dict()['api']}{API}/comments?part=snippet&id={comment}"

    # --- helpers ------------------------------------------------------------------------

    def read(self, response: Response, what: str) -> dict[str, Any] | None:
        """The JSON body, or None after counting why not; the API's own error message is logged."""
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status in _UNAVAILABLE or not isinstance(body, dict) or "error" in body:
            reason = ((body or {}).get("error") or {}).get("message") if isinstance(body, dict) else None
            self.count(f"{what}_unavailable")
            self.logger.info("%s unavailable (HTTP %s): %s", what, response.status, reason or "no JSON body")
            return None
        return body


def _method(response: Response) -> str:
    return response.url.split("?", 1)[0].rsplit("/", 1)[-1]


def watch_url(video: str, comment: str | None = None) -> str:
    return f"https://www.youtube.com/watch?v={video}" + (f"&lc={comment}" if comment else "")


def comment_text(snippet: dict[str, Any]) -> str:
    """``textOriginal`` is the author's plain text; ``textDisplay`` may be HTML (older responses)."""
    if snippet.get("textOriginal") is not None:
        return snippet["textOriginal"]
    from crawlers.platforms.news_comments import plain_text

    return plain_text(snippet.get("textDisplay") or "")


def parse_time(value: str | None) -> datetime | None:
    """RFC 3339 as the API writes it, with or without milliseconds (``…09.000Z`` or ``…09Z``)."""
    return datetime.fromisoformat(value) if value else None


def _int(value: Any) -> int | None:
    return None if value is None else int(value)  # statistics are strings ("7920")
