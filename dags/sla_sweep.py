"""SLA sweep, every 15 minutes: cases that became at risk or overdue at the interval's end are
told to their unit and the supervisors, once per case and state."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.timetables.interval import CronDataIntervalTimetable

from notify.failures import task_failed
from pipeline.dag_support import RETRIES, TIMEZONE


@dag(dag_id="sla_sweep", schedule=CronDataIntervalTimetable("*/15 * * * *", timezone=TIMEZONE),
     start_date=pendulum.datetime(2026, 1, 1, tz=TIMEZONE), catchup=False, max_active_runs=1,
     default_args=RETRIES | {"on_failure_callback": task_failed}, tags=["langnghe", "triage", "notify"], doc_md=__doc__)
def sla_sweep():
    @task
    def sweep() -> dict:
        from core.settings import get_settings
        from notify.sla import sla_sweep as run_sweep
        from pipeline.dag_support import interval_from_context
        from store.client import make_client

        settings = get_settings()
        report = run_sweep(make_client(settings), settings, interval_from_context().end)
        if report.failed:
            raise RuntimeError(f"{len(report.failed)} deadline notices could not be delivered: {report.failed[:3]}")
        return {"open": report.open_cases, "at_risk": report.at_risk, "overdue": report.overdue, "noticed": report.noticed}

    sweep()


sla_sweep_dag = sla_sweep()
