"""Settings of triage: cases, routing, deadlines, incidents, roles."""
from __future__ import annotations

from pydantic import BaseModel


class TriageSettings(BaseModel):
    pass
