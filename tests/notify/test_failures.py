"""A task that fails after its retries e-mails the admins (Airflow's on_failure_callback)."""
from types import SimpleNamespace

import pytest

from core.notify_schema import Subscription
from notify import failures
from store import notify as store

pytestmark = pytest.mark.integration


def test_failed_task_mails_the_admins_and_never_raises(es, notify_settings, mail_sink, monkeypatch):
    store.ensure_notify_indices(es, notify_settings)
    store.save_subscription(es, notify_settings, Subscription(email="admin@example.vn", groups=["role:admin"]))
    monkeypatch.setattr(failures, "get_settings", lambda: notify_settings)
    ti = SimpleNamespace(dag_id="collect_vnexpress", task_id="index", run_id="scheduled__2026-11-30T08:00", try_number=4)
    failures.task_failed({"task_instance": ti, "exception": RuntimeError("3 documents were not indexed")})
    [message] = mail_sink.messages()
    assert message["To"] == "admin@example.vn" and "collect_vnexpress.index" in message["Subject"]
    assert "3 documents were not indexed" in message.get_content()

    broken = notify_settings.model_copy(update={"smtp_port": 1})
    monkeypatch.setattr(failures, "get_settings", lambda: broken)
    failures.task_failed({"task_instance": ti, "exception": RuntimeError("again")})  # logged, not raised
