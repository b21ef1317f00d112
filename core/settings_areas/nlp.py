"""Settings of the NLP stage (normalisation, classifiers, places)."""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

ROOT = Path(__file__).resolve().parents[2]


class NlpSettings(BaseModel):
    sentiment_model: Path = Field(default=ROOT / "models" / "sentiment-mixed-v1-20261130",
                                  description="folder of the sentiment model served by the pipeline")
    topic_model: Path = Field(default=ROOT / "models" / "topic-city-v1-20261130",
                              description="folder of the topic model (city taxonomy)")
    complaint_model: Path = Field(default=ROOT / "models" / "complaint-mixed-v1-20261130",
                                  description="folder of the complaint / non-complaint model")
    urgency_model: Path = Field(default=ROOT / "models" / "urgency-city-v1-20261130",
                                description="folder of the urgency model (high / medium / low)")
    legal_type_model: Path = Field(default=ROOT / "models" / "legal_type-city-v1-20261130",
                                   description="folder of the legal-type model (phản ánh / kiến nghị / khiếu nại / tố cáo)")
    toxicity_model: Path = Field(default=ROOT / "models" / "toxicity-vihsd-v1-20261130",
                                 description="folder of the toxicity model (clean / offensive / hate)")
    spam_model: Path = Field(default=ROOT / "models" / "spam-vispam-v1-20261130",
                             description="folder of the spam model")
