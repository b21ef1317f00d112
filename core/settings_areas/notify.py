"""Settings of alerts, daily digests and reports."""
from __future__ import annotations

from pydantic import BaseModel


class NotifySettings(BaseModel):
    pass
