"""Settings of triage: cases, routing, deadlines, incidents, roles."""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

CONFIG = Path(__file__).resolve().parents[2] / "config"


class TriageSettings(BaseModel):
    routing_file: Path = Field(default=CONFIG / "routing.yaml",
                               description="routing rules: topic × ward/area → responsible unit (edited by the city)")
    units_file: Path = Field(default=CONFIG / "units.yaml", description="the units cases are routed to")
    deadlines_file: Path = Field(default=CONFIG / "deadlines.yaml",
                                 description="legal deadlines per legal type and category, with their legal source")
    users_file: Path = Field(default=CONFIG / "users.yaml", description="dashboard users: name, role, unit, password hash")
    pseudonym_key: str = Field(default="langnghe-demo-pseudonym-key",
                               description="secret key of the keyed hash that pseudonymises post authors (set it in production)")
    at_risk_fraction: float = Field(default=0.2, description="a case is at risk when less than this share of its time is left")
    at_risk_working_days: int = Field(default=2, description="… or fewer than this many working days are left")
    recurrence_days: int = Field(default=30,
                                 description="a new report on the same ward and topic within N days of closing flags 'came back'")
    incident_window_hours: int = Field(default=48, description="items further apart than this never join one incident")
    incident_similarity: float = Field(default=0.35,
                                       description="cosine similarity (hashed char 3–5-grams) for an item to join an incident")
    systemic_window_days: int = Field(default=7, description="window in which a topic rising across wards is systemic")
    systemic_min_wards: int = Field(default=5, description="wards a topic must rise in to be raised to its department")
    oidc_provider: str | None = Field(default=None,
                                      description="name of the OIDC provider in Streamlit's [auth] secrets; unset = users file only")
    oidc_role_claim: str = Field(default="groups", description="ID-token claim that carries the user's groups")
    oidc_role_map: dict[str, str] = Field(default_factory=dict,
                                          description="OIDC group → role, e.g. {\"hcm-officers\": \"officer\"} (JSON)")
    oidc_unit_claim: str = Field(default="unit", description="ID-token claim with a unit handler's unit id")
