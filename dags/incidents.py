"""Incidents, hourly: the posts collected in the interval join open incidents or start new ones;
topics rising across many wards are raised to their department."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.timetables.interval import CronDataIntervalTimetable

from notify.failures import task_failed
from pipeline.dag_support import RETRIES, TIMEZONE


@dag(dag_id="incidents", schedule=CronDataIntervalTimetable("15 * * * *", timezone=TIMEZONE),
     start_date=pendulum.datetime(2026, 1, 1, tz=TIMEZONE), catchup=False, max_active_runs=1,
     default_args=RETRIES | {"on_failure_callback": task_failed}, tags=["langnghe", "triage"], doc_md=__doc__)
def incidents():
    @task
    def cluster() -> dict:
        from core.settings import get_settings
        from pipeline.dag_support import interval_from_context
        from pipeline.incidents import cluster_interval
        from store.client import make_client

        settings = get_settings()
        interval = interval_from_context()
        return cluster_interval(make_client(settings), settings, interval.start, interval.end)

    cluster()


incidents_dag = incidents()
