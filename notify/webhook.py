"""Posting an alert to a webhook as JSON (Slack/Teams-style receivers accept the ``text`` field)."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from core.errors import LangNgheError


class WebhookFailed(LangNgheError):
    pass


def post_json(url: str, payload: dict[str, Any], user_agent: str, timeout: float = 10.0) -> int:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": user_agent})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) checked by the rule)
            return response.status
    except (urllib.error.URLError, OSError) as exc:
        raise WebhookFailed(f"webhook {url} failed: {exc}", hint="Check the receiver is up and the URL is right.") from exc
