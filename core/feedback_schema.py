"""Officers' label corrections: what a model said about an item, what it should have said. They
are kept for retraining (the retraining DAG adds them to the training data and promotes the new
model only if it beats the current one on the frozen dev sets)."""
from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from core.schema import es

FEEDBACK_SCHEMA_VERSION = 1


class LabelCorrection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(json_schema_extra=es("keyword"), description="<task>:<item id>: the latest correction wins")
    task: str = Field(json_schema_extra=es("keyword"), description="sentiment, topic, complaint, urgency, legal_type, …")
    item_id: str = Field(json_schema_extra=es("keyword"), description="post, request or case id")
    text: str = Field(min_length=1, json_schema_extra=es("text", index=False))
    label: str = Field(json_schema_extra=es("keyword"), description="the right label")
    predicted: str | None = Field(default=None, json_schema_extra=es("keyword"), description="what the model said")
    model_id: str | None = Field(default=None, json_schema_extra=es("keyword"))
    corrected_by: str = Field(json_schema_extra=es("keyword"))
    corrected_at: datetime = Field(json_schema_extra=es("date"))


class ModelDecision(BaseModel):
    """One retraining: the candidate against the served model on the frozen dev sets."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(json_schema_extra=es("keyword"))
    task: str = Field(json_schema_extra=es("keyword"))
    decided_at: datetime = Field(json_schema_extra=es("date"))
    current_model: str = Field(json_schema_extra=es("keyword"))
    candidate_model: str = Field(json_schema_extra=es("keyword"))
    corrections: int = Field(json_schema_extra=es("integer"))
    current_macro_f1: float = Field(json_schema_extra=es("float"))
    candidate_macro_f1: float = Field(json_schema_extra=es("float"))
    promoted: bool = Field(json_schema_extra=es("boolean"))
    reason: str = Field(json_schema_extra=es("keyword", ignore_above=1024))
