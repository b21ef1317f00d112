"""Intake sweep, every 5 minutes: any service request stored in the last day without a case
(an API process that stopped between acknowledging and opening it, a hotline import) gets one."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.timetables.interval import CronDataIntervalTimetable

from notify.failures import task_failed
from pipeline.dag_support import RETRIES, TIMEZONE


@dag(dag_id="intake_cases", schedule=CronDataIntervalTimetable("*/5 * * * *", timezone=TIMEZONE),
     start_date=pendulum.datetime(2026, 1, 1, tz=TIMEZONE), catchup=False, max_active_runs=1,
     default_args=RETRIES | {"on_failure_callback": task_failed}, tags=["langnghe", "intake", "triage"], doc_md=__doc__)
def intake_cases():
    @task
    def open_missing() -> dict:
        from datetime import timedelta

        from core.settings import get_settings
        from pipeline.dag_support import interval_from_context
        from store.client import make_client
        from triage.intake_cases import open_pending_cases

        settings = get_settings()
        end = interval_from_context().end
        return open_pending_cases(make_client(settings), settings, since=end - timedelta(days=1), now=end)

    open_missing()


intake_cases_dag = intake_cases()
