"""What the DAG files share: retry policy and the run's data interval from the Airflow context.
Airflow is imported inside the function (nothing heavy at import time)."""
from __future__ import annotations

from datetime import timedelta

from pipeline.listening import Interval

TIMEZONE = "Asia/Ho_Chi_Minh"
RETRIES = {"retries": 3, "retry_delay": timedelta(seconds=30), "retry_exponential_backoff": True,
           "max_retry_delay": timedelta(minutes=10)}


def interval_from_context() -> Interval:
    """The running task's data interval; a manual run without one uses its logical date."""
    from airflow.sdk import get_current_context

    context = get_current_context()
    start, end = context["data_interval_start"], context["data_interval_end"]
    if start is None or end is None:
        start = end = context["logical_date"] or context["dag_run"].run_after
    return Interval(start=start, end=end)
