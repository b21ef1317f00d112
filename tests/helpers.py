"""Small helpers shared by tests that run the real command line or Airflow in a subprocess."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def settings_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment that makes a child process use this test's index prefix and data folder."""
    env = dict(os.environ)
    env.update({"ES_URL": settings.es_endpoint, "LANGNGHE_INDEX_PREFIX": settings.index_prefix,
                "LANGNGHE_DATA_DIR": str(settings.data_dir), "PYTHONPATH": str(ROOT)}, **extra)
    return env


def langnghe(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli.main", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
