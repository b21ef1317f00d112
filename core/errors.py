"""One error shape for every surface: what happened, and what the user can do about it."""
from __future__ import annotations


class LangNgheError(Exception):
    """Base error. ``hint`` tells the user what to do next; surfaces render both."""

    hint: str = ""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def render(self) -> str:
        return f"{self.message}\n  → {self.hint}" if self.hint else self.message


class ConfigError(LangNgheError):
    hint = "Check your LANGNGHE_* environment variables or .env file (see the settings table in the README)."


class ElasticsearchUnavailable(LangNgheError):
    hint = "Start the embedded one with `langnghe es start`, or set ES_URL to a reachable cluster."


class ModelMissing(LangNgheError):
    hint = "Build the shipped models with `make models`."


class InvalidInput(LangNgheError):
    hint = "Fix the input and run the command again; nothing already accepted was lost."


class CrawlFailed(LangNgheError):
    hint = "Look at the crawl log printed above; re-running is safe (writes are idempotent)."
