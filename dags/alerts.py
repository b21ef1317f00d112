"""Alerts, every 5 minutes: retry failed deliveries, then check every rule over the window ending
at the run's data interval end. A re-run of an interval sends nothing twice."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.timetables.interval import CronDataIntervalTimetable

from notify.failures import task_failed
from pipeline.dag_support import RETRIES, TIMEZONE


@dag(dag_id="alerts", schedule=CronDataIntervalTimetable("*/5 * * * *", timezone=TIMEZONE),
     start_date=pendulum.datetime(2026, 1, 1, tz=TIMEZONE), catchup=False, max_active_runs=1,
     default_args=RETRIES | {"on_failure_callback": task_failed}, tags=["langnghe", "notify"], doc_md=__doc__)
def alerts():
    @task
    def check() -> dict:
        from core.settings import get_settings
        from notify.alerts import retry_failed_deliveries, run_alerts
        from pipeline.dag_support import interval_from_context
        from store.client import make_client

        settings = get_settings()
        client = make_client(settings)
        at = interval_from_context().end
        retried = retry_failed_deliveries(client, settings, at)
        return {"fired": [e.id for e in run_alerts(client, settings, at)], "retried": retried}

    check()


alerts_dag = alerts()
