"""When the task worker's broker (Redis) cannot be reached, the admin's Initialize and Compute
payments actions say so to the lab manager (no server error) and log one line each."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from kombu.exceptions import OperationalError

from sessions_core.lifecycle import tasks
from sessions_core.models import Session
from tests.conftest import make_session
from tests.unreachable import warnings_of

ADMIN = "/admin/sessions_core/session/"
REFUSED = "Error 111 connecting to 127.0.0.1:6379. Connection refused."


@pytest.fixture
def lab_manager(db: None) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("lab", "lab@example.org", "pw"))
    return client


@pytest.fixture
def broker_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sending any task fails as kombu fails when Redis refuses the connection."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError(REFUSED)

    for task in (tasks.session_initialize_task, tasks.session_compute_payments_task):
        monkeypatch.setattr(task, "delay", refuse)


@pytest.mark.parametrize("action, what", [("initialize_sessions", "Initialization"),
                                          ("compute_payments", "Payments")])
def test_an_action_says_the_task_worker_is_unreachable(
        lab_manager: Client, broker_down: None, caplog: pytest.LogCaptureFixture,
        action: str, what: str) -> None:
    session = make_session("trust", 2)
    caplog.clear()
    response = lab_manager.post(ADMIN, {"action": action, "_selected_action": [session.pk]},
                                follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert f"{what} not started: the task worker (Redis) is unreachable: {REFUSED}" in page
    assert "Sent for 0 of 1 session(s)" in page
    assert not Session.objects.get(pk=session.pk).initialized
    lines = warnings_of(caplog)
    assert len(lines) == 1 and session.name in lines[0] and REFUSED in lines[0], lines


def test_with_the_worker_reachable_the_action_reports_it_started(lab_manager: Client) -> None:
    session = make_session("trust", 2)
    response = lab_manager.post(ADMIN, {"action": "initialize_sessions",
                                        "_selected_action": [session.pk]}, follow=True)
    assert "Initialization started for 1 session(s)." in response.content.decode()
    assert Session.objects.get(pk=session.pk).initialized  # tasks run in process in the tests
