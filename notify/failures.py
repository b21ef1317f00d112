"""A failed Airflow task raises an alert instead of dying quietly: the admins' subscribers (group
``role:admin``) get an e-mail, and ``ops_webhook`` (if set) a JSON post, with the DAG, task, try,
error and a link to the task's log in the Airflow UI."""
from __future__ import annotations

import logging
from typing import Any

from core.settings import Settings, get_settings

log = logging.getLogger(__name__)


def failure_text(context: dict[str, Any], settings: Settings) -> tuple[str, str]:
    ti = context.get("task_instance") or context.get("ti")
    dag_id = getattr(ti, "dag_id", "?")
    task_id = getattr(ti, "task_id", "?")
    run_id = getattr(ti, "run_id", "?")
    try_number = getattr(ti, "try_number", "?")
    error = context.get("exception")
    link = f"http://127.0.0.1:{settings.airflow_port}/dags/{dag_id}/runs/{run_id}/tasks/{task_id}"
    subject = f"[Lắng Nghe] Tác vụ lỗi / task failed: {dag_id}.{task_id}"
    body = (f"Tác vụ {dag_id}.{task_id} (lần chạy {run_id}, lần thử {try_number}) đã thất bại sau khi thử lại.\n"
            f"Task {dag_id}.{task_id} (run {run_id}, try {try_number}) failed after its retries.\n\n"
            f"Lỗi / error: {error!r}\n\nNhật ký / log: {link}\n")
    return subject, body


def task_failed(context: dict[str, Any]) -> None:
    """Airflow ``on_failure_callback``: never raises (a callback error would hide the failure)."""
    settings = get_settings()
    subject, body = failure_text(context, settings)
    log.error("%s\n%s", subject, body)
    try:
        from notify.mailer import build_message, send
        from notify.webhook import post_json
        from store import notify as store
        from store.client import make_client

        client = make_client(settings)
        store.ensure_notify_indices(client, settings)
        for subscriber in store.subscribers(client, settings, "role:admin", kind="alerts"):
            send(settings, build_message(settings, [subscriber.email], subject, body))
        if settings.ops_webhook:
            post_json(settings.ops_webhook, {"text": f"{subject}\n{body}"}, settings.user_agent)
    except Exception as exc:  # noqa: BLE001 (reported, never raised from a callback)
        log.error("could not send the failure alert: %s", exc)
