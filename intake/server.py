"""Run the intake API with its real store: indices set up first (a clear error if
Elasticsearch is down), then uvicorn, in this process or with worker processes."""
from __future__ import annotations

import os
import sys

from core.settings import Settings


def api_url(host: str, port: int) -> str:
    return f"http://{host}:{port}/open311/v2/"


def serve(settings: Settings, host: str = "127.0.0.1", port: int | None = None, workers: int | None = None,
          access_log: bool = True) -> None:
    import uvicorn

    from intake.app import ensure_intake_indices

    port = port or settings.intake_port
    workers = workers or settings.intake_workers
    ensure_intake_indices(settings)
    print(f"Intake API (Open311 GeoReport v2): {api_url(host, port)}  ·  OpenAPI: http://{host}:{port}/docs", flush=True)
    # Worker processes build their own settings from the environment: pass ours on.
    os.environ.update({"ES_URL": settings.es_endpoint, "LANGNGHE_INDEX_PREFIX": settings.index_prefix})
    uvicorn.run("intake.app:create_app", factory=True, host=host, port=port, workers=workers,
                log_level="warning", access_log=access_log, loop="uvloop", http="httptools",
                limit_concurrency=1000, timeout_keep_alive=30)
    print("intake API stopped", file=sys.stderr)
