"""Settings of the NLP stage (normalisation, classifiers, places)."""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, field_validator

ROOT = Path(__file__).resolve().parents[2]
ENRICH_TASKS = ("sentiment", "topic", "complaint", "urgency", "legal_type", "toxicity", "spam", "places")


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
    enrich_tasks: list[str] = Field(default=list(ENRICH_TASKS),
                                    description="what the enrichment step applies, a JSON list in the environment; each "
                                                "classifier needs its <task>_model folder, 'places' needs none")

    @field_validator("enrich_tasks")
    @classmethod
    def _known_tasks(cls, value: list[str]) -> list[str]:
        unknown = [task for task in value if task not in ENRICH_TASKS]
        if unknown:
            raise ValueError(f"unknown enrich_tasks {unknown}; choose from {', '.join(ENRICH_TASKS)}")
        return value
