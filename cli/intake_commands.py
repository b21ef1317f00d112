"""Commands of the complaint intake API: ``register(sub, bench)`` adds them to `langnghe`."""
from __future__ import annotations


def register(sub, bench) -> None:
    """No commands yet."""
