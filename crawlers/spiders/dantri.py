"""Dân Trí: article pages (``-<17-digit id>.htm``) and its comment API, paged by ``page``, with
replies inline and times as the site prints them ("hôm qua lúc 14:30", "2 ngày trước")."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from scrapy.http import Response

from crawlers.dates import parse_vietnamese_time, response_time
from crawlers.platforms.news_comments import CommentPage, Item, NewsCommentsSpider, Thread, plain_text

_ARTICLE_ID = re.compile(r"-(\d{17})\.htm")


class DantriSpider(NewsCommentsSpider):
    name = "dantri"

    def is_article_url(self, url: str) -> bool:
        return super().is_article_url(url) and bool(_ARTICLE_ID.search(url))

    def parse_article(self, response: Response) -> tuple[Item, Thread | None]:
        url = response.xpath("//link[@rel='canonical']/@href").get() or self.plan.public_page_url(response.url)
        found = _ARTICLE_ID.search(url)
        published = response.css("time.author-time::attr(datetime)").get()
        fields = {"canonical_id": found.group(1) if found else None, "url": url,
                  "title": plain_text(response.css("h1.title-page").get() or ""),
                  "text": "\n\n".join(filter(None, [plain_text(response.css("h2.singular-sapo").get() or "")] +
                                             [plain_text(p) for p in response.css("div.singular-content > p").getall()])),
                  "author": response.css(".author-name b::text").get(),
                  "published_at": parse_vietnamese_time(published, response_time(response.headers.get("Date"),
                                                                                 self.collected_at)) or published,
                  "raw": {"breadcrumb": response.css("ul.dt-breadcrumb a::text").getall()}}
        return fields, Thread(article_id=found.group(1), article_url=url) if found else None

    def comments_url(self, thread: Thread, offset: int) -> str:
        return (f"{self.plan.public_urls.comment_api}/api/comments/article/{thread.article_id}"
                f"?page={offset // self.page_size + 1}&size={self.page_size}")

    def thread_url(self, thread: Thread) -> str:
        return self.comments_url(thread, 0)

    def read_comments(self, body: Any) -> CommentPage:
        data = body["data"]
        return CommentPage(items=list(data["items"]), total=data.get("totalCount"))

    def comment_id(self, raw: dict[str, Any]) -> str:
        return str(raw["id"])

    def reply_counts(self, raw: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
        inline = list(raw.get("replies") or [])
        return len(inline), inline

    def comment_fields(self, raw: dict[str, Any], seen_at: datetime) -> Item:
        shown = raw.get("createdTime")
        return {"author": (raw.get("user") or {}).get("displayName"), "text": plain_text(raw.get("content") or ""),
                "published_at": parse_vietnamese_time(shown, seen_at) or shown, "likes": raw.get("likeCount")}
