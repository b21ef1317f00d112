"""Tuổi Trẻ: article pages (``-<17-digit id>.htm``) and the id.tuoitre.vn comment API, whose
``Data`` is a JSON array serialised as a string, with replies inline as ``child_comments``."""
from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from scrapy.http import Response

from crawlers.dates import VIETNAM, parse_vietnamese_time, response_time
from crawlers.platforms.news_comments import CommentPage, Item, NewsCommentsSpider, Thread, plain_text

_ARTICLE_ID = re.compile(r"-(\d{17})\.htm")


class TuoitreSpider(NewsCommentsSpider):
    name = "tuoitre"

    def is_article_url(self, url: str) -> bool:
        return super().is_article_url(url) and bool(_ARTICLE_ID.search(url))

    def parse_article(self, response: Response) -> tuple[Item, Thread | None]:
        url = response.xpath("//link[@rel='canonical']/@href").get() or self.plan.public_page_url(response.url)
        seen_at = response_time(response.headers.get("Date"), self.collected_at)
        published = response.xpath("//meta[@property='article:published_time']/@content").get() or \
            response.css("[data-role=publishdate]::text").get()
        widget = response.css("[data-objectid]")
        found = _ARTICLE_ID.search(url)
        fields = {"canonical_id": found.group(1) if found else None, "url": url,
                  "title": plain_text(response.css("h1[data-role=title]").get() or ""),
                  "text": "\n\n".join(filter(None, [plain_text(response.css("[data-role=sapo]").get() or "")] +
                                             [plain_text(p) for p in response.css("[data-role=content] > p").getall()])),
                  "author": response.css(".author-info a.name::text").get(),
                  "published_at": parse_vietnamese_time(published, seen_at) or published,
                  "raw": {"section": response.css(".detail-cate a::text").get(), "object": widget.attrib}}
        thread = Thread(article_id=widget.attrib["data-objectid"],
                        params={"objType": widget.attrib.get("data-objecttype", "1")}, article_url=url) if widget else None
        return fields, thread

    def comments_url(self, thread: Thread, offset: int) -> str:
        query = {"pageindex": offset // self.page_size + 1, "pagesize": self.page_size, "objId": thread.article_id,
                 "objType": thread.params.get("objType", "1"), "sort": 2}
        return f"{self.plan.public_urls.comment_api}/api/getlist-comment.api?{urlencode(query)}"

    def thread_url(self, thread: Thread) -> str:
        return self.comments_url(thread, 0)

    def read_comments(self, body: Any) -> CommentPage:
        if not body.get("Success"):
            raise ValueError(f"comment API error: {body.get('Message')}")
        data = body["Data"]
        return CommentPage(items=json.loads(data) if isinstance(data, str) else list(data or []),
                           total=body.get("TotalCount"))

    def comment_id(self, raw: dict[str, Any]) -> str:
        return str(raw["id"])

    def reply_counts(self, raw: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
        inline = list(raw.get("child_comments") or [])
        return len(inline), inline

    def comment_fields(self, raw: dict[str, Any], seen_at: datetime) -> Item:
        created = raw.get("created_date")
        when = parse_vietnamese_time(created, seen_at)
        return {"author": raw.get("sender_fullname") or None, "text": plain_text(raw.get("content") or ""),
                "published_at": when.astimezone(VIETNAM) if when else created,
                "likes": sum(int(v) for v in (raw.get("reactions") or {}).values())}
