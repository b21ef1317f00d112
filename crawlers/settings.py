"""Scrapy settings of the crawler project. Module constants are the fixed part; ``for_run`` adds
what depends on the run (User-Agent, politeness per profile, where the spool goes)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.settings import Settings

BOT_NAME = "langnghe"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
CONCURRENT_REQUESTS_PER_DOMAIN = 2
COOKIES_ENABLED = False
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2

LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy's code-execution HTTP endpoint: never on a crawler

HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"  # revalidates with ETag / Last-Modified
HTTPCACHE_STORAGE = "scrapy.extensions.httpcache.FilesystemCacheStorage"
HTTPCACHE_IGNORE_HTTP_CODES = [500, 502, 503, 504, 429]

ITEM_PIPELINES = {  # one job each, in this order; each counts what it does in the crawler stats
    "crawlers.pipelines.validate.ValidatePipeline": 100,
    "crawlers.pipelines.normalize.NormalizePipeline": 200,
    "crawlers.pipelines.language.LanguagePipeline": 300,
    "crawlers.pipelines.scope.ScopePipeline": 400,
    "crawlers.pipelines.incremental.IncrementalPipeline": 500,
    "crawlers.pipelines.dedupe.DedupePipeline": 600,
    "crawlers.pipelines.spool.SpoolPipeline": 900,
}


def user_agent(settings: Settings) -> str:
    """The configured User-Agent with the operator's contact, so a site owner can reach us."""
    ua = settings.user_agent.strip()
    if not settings.contact:
        return ua
    return f"{ua[:-1]}; {settings.contact})" if ua.endswith(")") else f"{ua} ({settings.contact})"


def for_run(settings: Settings, profile: str, spool_dir: Path) -> dict[str, Any]:
    """Settings of one run. The demo profile talks to a loopback server: no delay, no proxy."""
    demo = profile == "demo"
    return {
        "HTTPCACHE_ENABLED": settings.http_cache,
        "HTTPCACHE_DIR": str(settings.data_dir / "httpcache" / profile),
        "CLOSESPIDER_PAGECOUNT": settings.max_pages_per_run,
        "LANGNGHE_COMMENT_WINDOW_DAYS": settings.comment_window_days,
        "USER_AGENT": user_agent(settings),
        "DOWNLOAD_DELAY": 0 if demo else settings.download_delay,
        "DOWNLOAD_DELAY_JITTER": 0,  # Scrapy's default jitter would go down to 0.5 × the delay
        "AUTOTHROTTLE_START_DELAY": 0 if demo else max(5.0, settings.download_delay),
        "AUTOTHROTTLE_MAX_DELAY": 1 if demo else 60,
        "HTTPPROXY_ENABLED": not demo,
        "LANGNGHE_MAX_COMMENT_PAGES": settings.max_comment_pages,
        "LANGNGHE_SPOOL_DIR": str(spool_dir),
    }
