"""The notification, SLA, retention and report DAGs: they import, carry retries and a failure
alert, and a `dag.test()` of each runs against the real Elasticsearch and a local mail sink."""
import json
from datetime import UTC, datetime, timedelta

import pytest

from core.notify_schema import AlertRule, Subscription
from core.schema import Enrichment, Post
from services.airflow import airflow_env, migrate
from store import notify as store
from store.setup import ensure_posts_index
from store.writer import index_posts
from tests.dags.conftest import run_python
from tests.helpers import settings_env

pytestmark = pytest.mark.integration

DAGS = ["alerts", "digests", "incidents", "intake_cases", "monthly_report", "retention", "retraining", "sla_sweep"]

IMPORT_CHECK = """
import json, sys
DAGS = sys.argv[1:]
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder="dags")
out = {"errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": {}}
for dag_id in DAGS:
    dag = bag.get_dag(dag_id)
    out["dags"][dag_id] = None if dag is None else {
        "retries": [t.retries for t in dag.tasks],
        "callbacks": [bool(t.on_failure_callback) for t in dag.tasks]}
print(json.dumps(out))
"""

RUN_ALL = """
import importlib, sys
for name in sys.argv[1:]:
    module = importlib.import_module(f"dags.{name}")
    run = getattr(module, f"{name}_dag").test()
    print("STATE", name, run.state, flush=True)
"""


@pytest.fixture
def env(notify_settings):
    env = airflow_env(notify_settings) | settings_env(notify_settings, LANGNGHE_SMTP_PORT=str(notify_settings.smtp_port))
    migrate(env)
    return env


def test_dags_import_with_retries_and_failure_alerts(env):
    result = run_python(IMPORT_CHECK, env, 180, *DAGS)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["errors"] == {}
    for dag_id in DAGS:
        assert report["dags"][dag_id], f"{dag_id} missing"
        assert all(r >= 1 for r in report["dags"][dag_id]["retries"]) and all(report["dags"][dag_id]["callbacks"])


@pytest.mark.slow
def test_each_dag_runs_against_the_real_index(env, es, notify_settings, mail_sink):
    settings = notify_settings
    now = datetime.now(UTC)
    alias = ensure_posts_index(es, settings).alias
    posts = [Post(source="t", canonical_id=str(i), url=f"https://e.vn/{i}", kind="comment",
                  text=f"Ngập nặng đường số {i}", published_at=now - timedelta(minutes=3 + i),
                  collected_at=now, enrichment=Enrichment(normalized_text="ngập", topic="ngap_nuoc", ward_codes=["26734"]))
             for i in range(6)]
    assert not index_posts(es, alias, posts).failed
    store.ensure_notify_indices(es, settings)
    store.save_rule(es, settings, AlertRule(id="ngap", name="Ngập", topic="ngap_nuoc", threshold=5, spike_factor=None,
                                            window_minutes=60, emails=["truc@example.vn"]))
    store.save_subscription(es, settings, Subscription(email="truyen.thong@example.vn", groups=["role:communications"]))

    result = run_python(RUN_ALL, env, 900, *DAGS)
    states = dict(line.split()[1:3] for line in result.stdout.splitlines() if line.startswith("STATE"))
    assert states == {d: "success" for d in DAGS}, (result.stdout[-3000:], result.stderr[-3000:])
    subjects = [m["Subject"] for m in mail_sink.messages()]
    assert any("Cảnh báo: Ngập" in s for s in subjects)  # the alert, whichever 5-minute window it fell in
    assert any("Bản tin" in s and "Truyền thông" in s for s in subjects)  # today's digest
    assert store.list_digests(es, settings, group="role:communications")
    assert list((settings.data_dir / "reports").glob("bao-cao-1022-*.xlsx"))
