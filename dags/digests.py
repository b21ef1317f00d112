"""Daily digests at 07:00 Asia/Ho_Chi_Minh: every role, unit and ward gets the digest of the day
the interval ends on, archived and e-mailed once to each subscriber."""
from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from airflow.timetables.interval import CronDataIntervalTimetable

from notify.failures import task_failed
from pipeline.dag_support import RETRIES, TIMEZONE


@dag(dag_id="digests", schedule=CronDataIntervalTimetable("0 7 * * *", timezone=TIMEZONE),
     start_date=pendulum.datetime(2026, 1, 1, tz=TIMEZONE), catchup=False, max_active_runs=1,
     default_args=RETRIES | {"on_failure_callback": task_failed}, tags=["langnghe", "notify"], doc_md=__doc__)
def digests():
    @task
    def build_and_send() -> dict:
        from core.settings import get_settings
        from notify.digest import LOCAL
        from notify.sources import build_day_with_triage
        from pipeline.dag_support import interval_from_context
        from store.client import make_client

        settings = get_settings()
        day = interval_from_context().end.astimezone(LOCAL).date()
        report = build_day_with_triage(make_client(settings), settings, day, send_mail=True,
                                       out=settings.data_dir / "digests" / day.isoformat())
        if report.failed:
            raise RuntimeError(f"{len(report.failed)} digests could not be sent (the next try sends only those): "
                               f"{report.failed[:3]}")
        return {"day": day.isoformat(), "digests": report.digests, "sent": report.sent}

    build_and_send()


digests_dag = digests()
