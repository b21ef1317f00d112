"""What the DAG tests share: an Airflow environment on the test's own index prefix and data
folder (fresh SQLite metadata), and a Python child process run in it."""
import subprocess
import sys

import pytest

from services.airflow import airflow_env, migrate
from tests.helpers import ROOT, settings_env


@pytest.fixture
def env(settings):
    env = airflow_env(settings) | settings_env(settings)
    migrate(env)
    return env


def run_python(code: str, env: dict, timeout: float, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)
