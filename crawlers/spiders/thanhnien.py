"""Thanh Niên: article pages (``-185<id>.htm``) and its comment API, which pages by ``page`` and
shows times relative to the response ("7 giờ trước"); long reply threads are paged separately."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from scrapy.http import Response

from crawlers.dates import parse_vietnamese_time, response_time
from crawlers.platforms.news_comments import CommentPage, Item, NewsCommentsSpider, Thread, plain_text

_ARTICLE_ID = re.compile(r"-(185\d{12,15})\.htm")


class ThanhnienSpider(NewsCommentsSpider):
    name = "thanhnien"

    def is_article_url(self, url: str) -> bool:
        return super().is_article_url(url) and bool(_ARTICLE_ID.search(url))

    def parse_article(self, response: Response) -> tuple[Item, Thread | None]:
        url = response.xpath("//link[@rel='canonical']/@href").get() or self.plan.public_page_url(response.url)
        found = _ARTICLE_ID.search(url)
        published = response.css("[data-role=publishdate]::text").get()
        fields = {"canonical_id": found.group(1) if found else None, "url": url,
                  "title": plain_text(response.css("h1.detail-title").get() or ""),
                  "text": "\n\n".join(filter(None, [plain_text(response.css("h2.detail-sapo").get() or "")] +
                                             [plain_text(p) for p in response.css("div.detail-content > p").getall()])),
                  "author": response.css(".detail-author .name::text").get(),
                  "published_at": parse_vietnamese_time(published, response_time(response.headers.get("Date"),
                                                                                 self.collected_at)) or published,
                  "raw": {"section": response.css(".detail-cate a::text").get()}}
        box = response.css("#comment-box[data-newsid]")
        return fields, Thread(article_id=box.attrib["data-newsid"], article_url=url) if box else None

    def comments_url(self, thread: Thread, offset: int) -> str:
        query = {"news_id": thread.article_id, "page": offset // self.page_size + 1, "size": self.page_size}
        return f"{self.plan.public_urls.comment_api}/api/comments?{urlencode(query)}"

    def replies_url(self, thread: Thread, parent: str, offset: int) -> str:
        query = {"news_id": thread.article_id, "parent_id": parent, "page": offset // self.page_size + 1, "size": self.page_size}
        return f"{self.plan.public_urls.comment_api}/api/comments/replies?{urlencode(query)}"

    def thread_url(self, thread: Thread) -> str:
        return self.comments_url(thread, 0)

    def read_comments(self, body: Any) -> CommentPage:
        return CommentPage(items=list(body["comments"]), total=body.get("total"))

    def read_replies(self, body: Any) -> CommentPage:
        return self.read_comments(body)

    def comment_id(self, raw: dict[str, Any]) -> str:
        return str(raw["comment_id"])

    def reply_counts(self, raw: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
        return int(raw.get("reply_count") or 0), list(raw.get("replies") or [])

    def comment_fields(self, raw: dict[str, Any], seen_at: datetime) -> Item:
        shown = raw.get("time")
        return {"author": raw.get("user_name") or None, "text": plain_text(raw.get("content") or ""),
                "published_at": parse_vietnamese_time(shown, seen_at) or shown, "likes": raw.get("like_count")}
