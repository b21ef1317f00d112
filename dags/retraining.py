"""Retraining, weekly (Sunday 02:00): for each task with enough officers' label corrections, a
candidate is trained and promoted only if it beats the served model on the frozen dev sets; every
decision is logged (nlp/retrain.py)."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.timetables.interval import CronDataIntervalTimetable

from notify.failures import task_failed
from pipeline.dag_support import RETRIES, TIMEZONE

RETRAINED = ["sentiment", "topic", "complaint", "urgency", "legal_type"]


@dag(dag_id="retraining", schedule=CronDataIntervalTimetable("0 2 * * 0", timezone=TIMEZONE),
     start_date=pendulum.datetime(2026, 1, 1, tz=TIMEZONE), catchup=False, max_active_runs=1,
     default_args=RETRIES | {"on_failure_callback": task_failed}, tags=["langnghe", "nlp"], doc_md=__doc__)
def retraining():
    @task
    def retrain(task_name: str) -> dict:
        from core.settings import get_settings
        from nlp.retrain import retrain_task
        from pipeline.dag_support import interval_from_context
        from store.client import make_client

        settings = get_settings()
        outcome = retrain_task(make_client(settings), settings, task_name, interval_from_context().end)
        return {"task": outcome.task, "promoted": outcome.promoted, "reason": outcome.reason}

    retrain.expand(task_name=RETRAINED)


retraining_dag = retraining()
