"""The run report of one source: what a collection run did, indexed in ``<prefix>-source-runs``
so the dashboard can show each source's health. The index mapping is derived from this class
(``store/source_runs.py``), like the posts mapping from ``core.schema``."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, computed_field

from core.schema import es

SOURCE_RUN_VERSION = 1


class RunStatus(StrEnum):
    ok = "ok"                          # crawled and indexed everything it found
    partial = "partial"                # indexed, but with errors or failed documents
    not_configured = "not_configured"  # lacks a key/token: nothing collected, nothing failed
    failed = "failed"


class SourceRun(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str = Field(json_schema_extra=es("keyword"), description="source name from config/sources.yaml")
    profile: str = Field(json_schema_extra=es("keyword"), description="demo or live")
    platform: str | None = Field(default=None, json_schema_extra=es("keyword"))
    interval_start: datetime = Field(json_schema_extra=es("date"), description="the run's data interval")
    interval_end: datetime = Field(json_schema_extra=es("date"))
    status: RunStatus = Field(json_schema_extra=es("keyword"))
    items: int = Field(default=0, json_schema_extra=es("integer"), description="documents written to the spool")
    new: int = Field(default=0, json_schema_extra=es("integer"), description="documents the index did not have")
    updated: int = Field(default=0, json_schema_extra=es("integer"))
    unchanged: int = Field(default=0, json_schema_extra=es("integer"))
    index_failed: int = Field(default=0, json_schema_extra=es("integer"), description="documents the index refused")
    duplicates: int = Field(default=0, json_schema_extra=es("integer"), description="repeats dropped within the run")
    invalid: int = Field(default=0, json_schema_extra=es("integer"), description="items failing the schema")
    invalid_fields: list[str] = Field(default_factory=list, json_schema_extra=es("keyword"),
                                      description="fields that failed validation, e.g. 'published_at'")
    old_items: int = Field(default=0, json_schema_extra=es("integer"), description="not newer than the watermark")
    out_of_scope: int = Field(default=0, json_schema_extra=es("integer"), description="outside the keyword scope")
    errors: int = Field(default=0, json_schema_extra=es("integer"), description="logged errors and download failures")
    pages: int = Field(default=0, json_schema_extra=es("integer"), description="HTTP responses received")
    not_configured: bool = Field(default=False, json_schema_extra=es("boolean"))
    not_configured_reason: str | None = Field(default=None, json_schema_extra=es("keyword"))
    finish_reason: str | None = Field(default=None, json_schema_extra=es("keyword"))
    since: datetime | None = Field(default=None, json_schema_extra=es("date"),
                                   description="lower bound of the run (watermark or backfill)")
    watermark: datetime | None = Field(default=None, json_schema_extra=es("date"), description="watermark after the run")
    last_success_at: datetime | None = Field(default=None, json_schema_extra=es("date"),
                                             description="interval end of the source's last successful run")
    message: str | None = Field(default=None, json_schema_extra=es("text", analyzer="standard"))

    @computed_field(json_schema_extra=es("keyword"))  # type: ignore[prop-decorator]
    @property
    def id(self) -> str:
        """One report per source, profile and interval: re-running an interval replaces its report."""
        return f"{self.source}:{self.profile}:{self.interval_start:%Y%m%dT%H%M%S}--{self.interval_end:%Y%m%dT%H%M%S}"

    def to_document(self) -> dict:
        return self.model_dump(mode="json")
