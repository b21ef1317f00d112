"""Settings of the NLP stage (normalisation, classifiers, places)."""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

ROOT = Path(__file__).resolve().parents[2]


class NlpSettings(BaseModel):
    sentiment_model: Path = Field(default=ROOT / "models" / "sentiment-mixed-v1-20261130",
                                  description="folder of the sentiment model served by the pipeline")
