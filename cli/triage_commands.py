"""Commands of cases, routing and incidents: ``register(sub, bench)`` adds them to `langnghe`."""
from __future__ import annotations


def register(sub, bench) -> None:
    """No commands yet."""
