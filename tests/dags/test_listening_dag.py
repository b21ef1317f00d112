"""The listening DAG: it imports cleanly, and one `dag.test()` run fills the real index."""
import json

import pytest

from store import queries
from store.client import make_client
from tests.dags.conftest import run_python

IMPORT_CHECK = """
import json
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder="dags")
dag = bag.get_dag("listening")
print(json.dumps({"errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": sorted(bag.dag_ids),
                  "tasks": [t.task_id for t in dag.tasks] if dag else [],
                  "retries": [t.retries for t in dag.tasks] if dag else []}))
"""

RUN_TEST = """
from dags.listening import listening_dag
run = listening_dag.test()
print("STATE", run.state)
"""


@pytest.mark.integration
def test_dagbag_imports_without_errors(env):
    result = run_python(IMPORT_CHECK, env, 120)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["errors"] == {}
    assert "listening" in report["dags"]  # beside the per-source DAGs of dags/collection.py
    assert report["tasks"] == ["crawl", "enrich", "index", "record"]
    assert all(r >= 1 for r in report["retries"])


@pytest.mark.integration
@pytest.mark.slow
def test_dag_run_indexes_the_demo_pages(env, settings):
    result = run_python(RUN_TEST, env | {"LANGNGHE_PROFILE": "demo"}, 400)
    assert "STATE success" in result.stdout, (result.stdout[-3000:], result.stderr[-3000:])
    client = make_client(settings)
    alias = settings.index_alias("posts")
    total = queries.count_posts(client, alias)
    assert total > 50
    assert queries.search_posts(client, alias, "ung thu").total >= 1
    again = run_python(RUN_TEST, env | {"LANGNGHE_PROFILE": "demo"}, 400)
    assert "STATE success" in again.stdout, again.stderr[-3000:]
    assert queries.count_posts(client, alias) == total
