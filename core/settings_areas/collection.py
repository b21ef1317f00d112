"""Settings of collection: crawlers, their politeness and their state."""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

_SOURCES = Path(__file__).resolve().parents[2] / "config" / "sources.yaml"


class CollectionSettings(BaseModel):
    sources_file: Path = Field(default=_SOURCES, description="the source config: sources, schedules, keyword scopes")
    user_agent: str = Field(default="LangNgheBot/0.1 (+https://github.com/langnghe; citizen-listening research crawler)",
                            description="honest User-Agent sent by every spider")
    contact: str = Field(default="", description="contact e-mail appended to the User-Agent")
    download_delay: float = Field(default=1.0, description="minimum seconds between requests to one host (live profile)")
    max_comment_pages: int = Field(default=5, description="comment API pages fetched per article per run")
    max_pages_per_run: int = Field(default=300, description="page budget of one source's crawl (0 = unlimited); "
                                                            "the crawl closes cleanly when it is spent")
    comment_window_days: float = Field(default=7.0, description="articles published this many days before the run "
                                                                "still get their new comments collected")
    http_cache: bool = Field(default=True, description="Scrapy's HTTP cache with RFC 2616 revalidation "
                                                       "(conditional requests) under data_dir/httpcache")
    demo_port: int = Field(default=0, description="port of the demo server on 127.0.0.1 (0 = any free port); fix it "
                                                  "to let the HTTP cache recognise demo pages across runs")
    backfill_since: str | None = Field(default=None, description="ISO date/time: collect items published after it, "
                                                                 "ignoring the sources' watermarks (a backfill)")
