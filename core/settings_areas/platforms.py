"""Settings of the API platforms (Reddit, YouTube Data API, Facebook Graph API, Tinhte)."""
from __future__ import annotations

from pydantic import BaseModel, Field


class PlatformSettings(BaseModel):
    youtube_api_key: str | None = Field(default=None,
                                        description="YouTube Data API v3 key; unset = YouTube sources report 'not configured'")
    facebook_access_token: str | None = Field(default=None,
                                              description="Facebook Graph API token; unset = Facebook sources report 'not configured'")
    api_listing_pages: int = Field(default=3, ge=1,
                                   description="pages of each configured listing/feed/search followed per run on the "
                                               "API platforms (comment pages: max_comment_pages)")
    reddit_request_interval: float = Field(default=6.0, ge=0,
                                           description="seconds between Reddit requests in the live profile "
                                                       "(Reddit allows about 10 a minute without OAuth)")
    reddit_max_more_requests: int = Field(default=10, ge=0,
                                          description="Reddit 'more' stubs expanded per comment tree per run")
    reddit_comment_depth: int = Field(default=10, ge=1, le=10,
                                      description="depth of the Reddit comment trees requested")
