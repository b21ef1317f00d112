"""Settings of alerts, daily digests and reports."""
from __future__ import annotations

from pydantic import BaseModel, Field


class NotifySettings(BaseModel):
    smtp_host: str = Field(default="127.0.0.1", description="SMTP server for digests and alerts (default: the local mail sink)")
    smtp_port: int = Field(default=8025, description="SMTP port (8025 = the local mail sink `make run` starts)")
    smtp_user: str | None = Field(default=None, description="SMTP login, if the server needs one")
    smtp_password: str | None = Field(default=None, description="SMTP password")
    smtp_starttls: bool = Field(default=False, description="upgrade the SMTP connection with STARTTLS")
    mail_from: str = Field(default="Lắng Nghe <langnghe@localhost>", description="From: of every digest and alert")
    dashboard_url: str = Field(default="http://127.0.0.1:8501", description="base URL of the dashboard, for links in e-mails")
    digest_hour: int = Field(default=7, ge=0, le=23, description="hour (Asia/Ho_Chi_Minh) the daily digests are sent")
    alert_cooldown_minutes: int = Field(default=360, description="an alert rule fires again only after this many minutes")
    alert_baseline_weeks: int = Field(default=4, description="weeks of the same hour-of-week averaged as an alert's baseline")
    ops_webhook: str | None = Field(default=None, description="webhook told when an Airflow task fails after its retries")
    unsubscribe_secret: str = Field(default="change-me-in-production",
                                    description="key that signs unsubscribe links (set your own in production)")
