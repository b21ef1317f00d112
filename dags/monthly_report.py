"""The monthly 1022 report, on the 1st at 08:00: the month before, per unit, as XLSX and PDF
under <data_dir>/reports/."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.timetables.interval import CronDataIntervalTimetable

from notify.failures import task_failed
from pipeline.dag_support import RETRIES, TIMEZONE


@dag(dag_id="monthly_report", schedule=CronDataIntervalTimetable("0 8 1 * *", timezone=TIMEZONE),
     start_date=pendulum.datetime(2026, 1, 1, tz=TIMEZONE), catchup=False, max_active_runs=1,
     default_args=RETRIES | {"on_failure_callback": task_failed}, tags=["langnghe", "triage", "notify"], doc_md=__doc__)
def monthly_report():
    @task
    def write() -> list:
        from core.settings import get_settings
        from notify.digest import LOCAL
        from notify.monthly import Month, write_monthly_report
        from pipeline.dag_support import interval_from_context
        from store.client import make_client
        from triage.cases import ensure_triage_indices

        settings = get_settings()
        client = make_client(settings)
        ensure_triage_indices(client, settings)
        start = interval_from_context().start.astimezone(LOCAL)
        month = Month(start.year, start.month)
        return [str(p) for p in write_monthly_report(client, settings, month, settings.data_dir / "reports")]

    write()


monthly_report_dag = monthly_report()
