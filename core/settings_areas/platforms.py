"""Settings of the API platforms (Reddit, YouTube Data API, Facebook Graph API, Tinhte)."""
from __future__ import annotations

from pydantic import BaseModel, Field


class PlatformSettings(BaseModel):
    youtube_api_key: str | None = Field(default=None,
                                        description="YouTube Data API v3 key; unset = YouTube sources report 'not configured'")
    facebook_access_token: str | None = Field(default=None,
                                              description="Facebook Graph API token; unset = Facebook sources report 'not configured'")
