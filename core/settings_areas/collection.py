"""Settings of collection: crawlers and their politeness."""
from __future__ import annotations

from pydantic import BaseModel, Field


class CollectionSettings(BaseModel):
    user_agent: str = Field(default="LangNgheBot/0.1 (+https://github.com/langnghe; citizen-listening research crawler)",
                            description="honest User-Agent sent by every spider")
    contact: str = Field(default="", description="contact e-mail appended to the User-Agent")
    download_delay: float = Field(default=1.0, description="minimum seconds between requests to one host (live profile)")
    max_comment_pages: int = Field(default=5, description="comment API pages fetched per article per run")
