"""Commands of alerts, digests and reports: ``register(sub, bench)`` adds them to `langnghe`."""
from __future__ import annotations


def register(sub, bench) -> None:
    """No commands yet."""
