"""One typed settings object. Every knob has a default and a help text; the README's
settings table is generated from this class (``langnghe settings --markdown``).

Values come from the environment (``LANGNGHE_*``; Elasticsearch also from the usual
``ES_URL``, ``ES_USER``, ``ES_PASSWORD``, ``ES_API_KEY``, ``ES_CA_FILE``) or a ``.env`` file.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.settings_areas.collection import CollectionSettings
from core.settings_areas.intake import IntakeSettings
from core.settings_areas.nlp import NlpSettings
from core.settings_areas.notify import NotifySettings
from core.settings_areas.platforms import PlatformSettings
from core.settings_areas.triage import TriageSettings

ROOT = Path(__file__).resolve().parent.parent


def _default_home() -> Path:
    """Where downloads and the embedded Elasticsearch live: outside the repo, and readable
    by the unprivileged user Elasticsearch runs as when we are root (root's home is 0700)."""
    if os.geteuid() == 0:
        return Path("/var/lib/langnghe")
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "langnghe"


class Settings(BaseSettings, NlpSettings, CollectionSettings, PlatformSettings, IntakeSettings, TriageSettings,
               NotifySettings):
    """Every knob of Lắng Nghe; the settings of each stage live in ``core/settings_areas/``."""

    model_config = SettingsConfigDict(env_prefix="LANGNGHE_", env_file=".env", extra="ignore")

    # --- Elasticsearch -------------------------------------------------------
    es_url: str | None = Field(default=None, validation_alias=AliasChoices("ES_URL", "LANGNGHE_ES_URL"),
                               description="URL of an existing cluster; unset = the embedded local node")
    es_user: str | None = Field(default=None, validation_alias=AliasChoices("ES_USER", "LANGNGHE_ES_USER"),
                                description="basic-auth user for ES_URL")
    es_password: str | None = Field(default=None,
                                    validation_alias=AliasChoices("ES_PASSWORD", "LANGNGHE_ES_PASSWORD"),
                                    description="basic-auth password for ES_URL")
    es_api_key: str | None = Field(default=None, validation_alias=AliasChoices("ES_API_KEY", "LANGNGHE_ES_API_KEY"),
                                   description="API key (base64 id:key) for ES_URL, instead of user/password")
    es_ca_file: Path | None = Field(default=None, validation_alias=AliasChoices("ES_CA_FILE", "LANGNGHE_ES_CA_FILE"),
                                    description="CA certificate file for an https ES_URL")
    es_port: int = Field(default=9200, description="HTTP port of the embedded Elasticsearch on 127.0.0.1")
    es_version: str = Field(default="8.19.21", description="version of the embedded Elasticsearch distribution")
    es_heap: str = Field(default="768m", description="JVM heap of the embedded Elasticsearch (512m–1g suits 2 cores)")
    es_java_home: Path | None = Field(default=None, description="JDK for the embedded Elasticsearch; unset = newest JDK under /usr/lib/jvm")
    es_run_user: str = Field(default="langnghe-es", description="system user the embedded Elasticsearch runs as when started by root")
    home: Path = Field(default_factory=_default_home,
                       description="cache for the downloaded Elasticsearch and the embedded node's data and logs: "
                                   "/var/lib/langnghe as root, else ~/.cache/langnghe")
    index_prefix: str = Field(default="langnghe", description="prefix of every index, alias and template name")

    # --- Collection ------------------------------------------------------------
    profile: Literal["demo", "live"] = Field(default="demo",
                                             description="'demo' crawls recorded pages served on 127.0.0.1; 'live' the real sites")

    # --- Runtime -----------------------------------------------------------------
    data_dir: Path = Field(default=ROOT / "var", description="run spool, Airflow home and logs (git-ignored)")
    dashboard_port: int = Field(default=8501, description="Streamlit port on 127.0.0.1")
    airflow_port: int = Field(default=8080, description="Airflow API server / UI port on 127.0.0.1")
    airflow_user: str = Field(default="admin", description="Airflow login created by `make run`")
    airflow_password: str = Field(default="langnghe", description="Airflow password created by `make run` (local use only)")

    # --- Retention ---------------------------------------------------------------
    retention_posts_days: int = Field(default=730, ge=1, description="public posts older than this are deleted")
    retention_personal_days: int = Field(default=365, ge=1,
                                         description="personal data of requests and closed cases is erased after this many days")
    retention_log_days: int = Field(default=180, ge=1, description="alerts, deadline notices and crawl reports kept this long")

    @property
    def es_embedded(self) -> bool:
        return not self.es_url

    @property
    def es_endpoint(self) -> str:
        return self.es_url or f"http://127.0.0.1:{self.es_port}"

    @property
    def spool_dir(self) -> Path:
        return self.data_dir / "runs"

    def index_alias(self, name: str = "posts") -> str:
        return f"{self.index_prefix}-{name}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
