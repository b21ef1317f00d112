"""VnExpress: article pages, and comments from the usi-saas comment API (see crawlers/demo/vnexpress/)."""
from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlencode

from scrapy.http import Response

from core.errors import ConfigError
from crawlers.platforms.news_comments import CommentPage, Item, NewsCommentsSpider, Thread, plain_text

VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
_ARTICLE_ID = re.compile(r"-(\d+)\.html")


class VnexpressSpider(NewsCommentsSpider):
    name = "vnexpress"

    def is_article_url(self, url: str) -> bool:
        return super().is_article_url(url) and bool(_ARTICLE_ID.search(url))

    def parse_article(self, response: Response) -> tuple[Item, Thread | None]:
        meta = {m.attrib["name"]: m.attrib.get("content", "").strip()
                for m in response.xpath("//meta[starts-with(@name, 'its_')]")}
        url = response.xpath("//link[@rel='canonical']/@href").get() or self.plan.public_page_url(response.url)
        found = _ARTICLE_ID.search(url)
        article_id = meta.get("its_id") or (found.group(1) if found else None)
        ld = _json_ld(response, "NewsArticle")
        sapo = plain_text(response.css("p.description").get() or "")
        body = response.css("article.fck_detail p.Normal")
        byline = [p for p in body if "text-align:right" in p.attrib.get("style", "").replace(" ", "")]
        paragraphs = [plain_text(p.get()) for p in body if p not in byline]
        author = response.css("p.author_mail strong::text, p.author strong::text").get() or \
            (plain_text(byline[-1].get()) if byline else None)
        title = plain_text(response.css("h1.title-detail").get() or "") or meta.get("its_title") or ld.get("headline")
        widget = _comment_widget(response)
        fields = {
            "canonical_id": article_id, "url": url, "author": author, "title": title,
            "text": "\n\n".join(p for p in [sapo, *paragraphs] if p),
            "published_at": _local_time(ld.get("datePublished")),
            "raw": {"meta": meta, "json_ld": ld, "breadcrumb": _breadcrumb(response), "comment_widget": widget,
                    "section": meta.get("its_section"),
                    "tags": [t.strip() for t in meta.get("its_tag", "").split(",") if t.strip()]},
        }
        thread = None
        if widget.get("article_id") and widget.get("site_id"):
            params = {k: str(widget[k]) for k in ("site_id", "category_id", "sign", "limit") if widget.get(k)}
            thread = Thread(article_id=str(widget["article_id"]), params=params, article_url=url)
        return fields, thread

    def comments_url(self, thread: Thread, offset: int) -> str:
        return self._api("get", thread, offset=offset, sort_by="like")

    def replies_url(self, thread: Thread, parent: str, offset: int) -> str:
        return self._api("getreplay", thread, offset=offset, id=parent)

    def thread_url(self, thread: Thread) -> str:
        return self._api("get", thread)

    def _api(self, endpoint: str, thread: Thread, offset: int | None = None, **extra: str) -> str:
        if "site_id" not in thread.params:
            raise ConfigError(f"VnExpress comments of article {thread.article_id} need its site_id",
                              "Add site_id (from the page's data-component-input) to the comment_refresh entry.")
        query: dict[str, Any] = {} if offset is None else {"offset": offset, "limit": thread.params.get("limit", 25)}
        query |= {"siteid": thread.params["site_id"], "objecttype": 1, "objectid": thread.article_id}
        query |= {"categoryid": thread.params.get("category_id"), "sign": thread.params.get("sign"), **extra}
        query = {k: v for k, v in query.items() if v is not None}
        return f"{self.plan.public_urls.comment_api}/index/{endpoint}?{urlencode(query)}"

    def read_comments(self, body: Any) -> CommentPage:
        data = _api_data(body)
        return CommentPage(items=list(data.get("items") or []), total=data.get("total"))

    def read_replies(self, body: Any) -> CommentPage:
        data = _api_data(body)
        data = data if "items" in data else data.get("data") or {}  # recorded bodies nest one level deeper
        return CommentPage(items=list(data.get("items") or []), total=data.get("total"))

    def comment_id(self, raw: dict[str, Any]) -> str:
        return str(raw["comment_id"])

    def reply_counts(self, raw: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
        replies = raw.get("replys") or {}
        return int(replies.get("total") or 0), list(replies.get("items") or [])

    def comment_fields(self, raw: dict[str, Any], seen_at: datetime) -> Item:
        return {"author": raw.get("full_name") or None, "text": plain_text(raw.get("content") or ""),
                "published_at": _unix_time(raw.get("creation_time"))}


def _api_data(body: Any) -> dict[str, Any]:
    if body.get("error"):
        raise ValueError(f"comment API error {body['error']}: {body.get('errorDescription')}")
    return body["data"]


def _comment_widget(response: Response) -> dict[str, Any]:
    for value in response.xpath("//@data-component-input").getall():
        try:
            widget = json.loads(value)
        except ValueError:
            continue
        if isinstance(widget, dict) and widget.get("type") == "comment":
            return widget
    return {}


def _json_ld(response: Response, type_: str) -> dict[str, Any]:
    for script in response.xpath("//script[@type='application/ld+json']/text()").getall():
        try:
            data = json.loads(script, strict=False)
        except ValueError:
            continue
        for node in data if isinstance(data, list) else [data]:
            if isinstance(node, dict) and node.get("@type") == type_:
                return node
    return {}


def _breadcrumb(response: Response) -> list[str]:
    items = _json_ld(response, "BreadcrumbList").get("itemListElement") or []
    return [i["item"]["name"] for i in items if isinstance(i, dict) and isinstance(i.get("item"), dict)]


def _local_time(value: str | None) -> datetime | str | None:
    """An ISO time; a naive one is Vietnam time. Unparseable values pass through for validation to count."""
    try:
        parsed = datetime.fromisoformat(value) if value else None
    except ValueError:
        return value
    return parsed.replace(tzinfo=VIETNAM) if parsed and parsed.tzinfo is None else parsed


def _unix_time(value: Any) -> datetime | Any:
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return value
