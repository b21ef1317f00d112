"""Settings of the complaint intake API (Open311 GeoReport v2) and hotline imports."""
from __future__ import annotations

from pydantic import BaseModel, Field


class IntakeSettings(BaseModel):
    intake_port: int = Field(default=8090, description="port of the intake API on 127.0.0.1 (`langnghe intake serve`)")
