"""dags/collection.py: one DAG per configured source, built by a loop; one runs for real with dag.test()."""
import json

import pytest

from crawlers.sources import load_sources
from store import queries
from store.client import make_client
from store.source_runs import latest_runs
from tests.dags.conftest import run_python

IMPORT_CHECK = """
import json
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder="dags")
dags = {i: bag.get_dag(i) for i in bag.dag_ids if i.startswith("collect_")}
print(json.dumps({"errors": {k: str(v) for k, v in bag.import_errors.items()},
                  "dags": {i: {"tasks": sorted(t.task_id for t in d.tasks), "retries": min(t.retries for t in d.tasks),
                               "schedule": d.timetable.summary, "file": d.fileloc} for i, d in dags.items()}}))
"""

RUN_TEST = """
from dags.collection import collect_dantri
run = collect_dantri.test()
print("STATE", run.state)
"""


@pytest.mark.integration
def test_one_dag_per_source_from_the_config(env):
    result = run_python(IMPORT_CHECK, env, 120)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    sources = load_sources()

    assert report["errors"] == {}
    assert set(report["dags"]) == {f"collect_{name}" for name in sources}
    for name, source in sources.items():
        dag = report["dags"][f"collect_{name}"]
        assert dag["tasks"] == ["crawl", "enrich", "index", "record"] and dag["retries"] >= 1
        assert dag["schedule"] == source.schedule and dag["file"].endswith("dags/collection.py")


@pytest.mark.integration
@pytest.mark.slow
def test_a_source_dag_run_indexes_its_source_and_reports(env, settings):
    result = run_python(RUN_TEST, env | {"LANGNGHE_PROFILE": "demo"}, 400)
    assert "STATE success" in result.stdout, (result.stdout[-3000:], result.stderr[-3000:])
    client = make_client(settings)
    alias = settings.index_alias("posts")
    total = queries.count_posts(client, alias)
    assert total == 5 and {h.source for h in queries.search_posts(client, alias, None, size=50).hits} == {"dantri"}
    run = latest_runs(client, settings, "demo")["dantri"]
    assert run.status == "ok" and run.items == run.new == 5

    again = run_python(RUN_TEST, env | {"LANGNGHE_PROFILE": "demo"}, 400)
    assert "STATE success" in again.stdout, again.stderr[-3000:]
    assert queries.count_posts(client, alias) == total
