"""The sessions admin honours Django's model permissions on top of staff: creating a session
needs add_session, the initialize and compute-payments actions change_session. A staff user
without the permission is refused (403, or the action is not offered and does nothing)."""
from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from participants.models import Participant
from sessions_core.models import Session
from tests.conftest import make_session
from tests.permissions import MODEL_PERMISSIONS, admin_client, staff_with

ADMIN = "/admin/sessions_core/session/"
VIEW, ADD = ("sessions_core.view_session",), ("sessions_core.add_session",)
DELETE = ("sessions_core.delete_session",)
CREATE = {"session_type": "trust", "num_participants": "2", "label": ""}

# method, path under ADMIN ({pk}: a session), form data, the permissions needed, status with them
# (deleting a session needs delete_session only, not the permissions of the participants and
# players that go with it: the session's deletion removes them.)
ENDPOINTS: list[tuple[str, str, Any, tuple[str, ...], int]] = [
    ("get", "", None, VIEW, 200),
    ("get", "add/", None, ADD, 302),
    ("get", "create/", None, ADD, 200),
    ("get", "create/?session_type=public_goods", None, ADD, 200),
    ("post", "create/", CREATE, ADD, 302),
    ("get", "{pk}/change/", None, VIEW, 200),
    ("get", "{pk}/initialization/", None, VIEW, 200),
    ("get", "{pk}/delete/", None, DELETE, 200),
    ("post", "{pk}/delete/", {"post": "yes"}, DELETE, 302),
]
IDS = [f"{m.upper()} {ADMIN}{p}" for m, p, *_ in ENDPOINTS]


def call(client: Client, method: str, path: str, data: Any) -> Any:
    url = ADMIN + path.format(pk=make_session("trust", 2).pk)
    return client.get(url) if method == "get" else client.post(url, data)


@pytest.mark.parametrize("method, path, data, needed, ok", ENDPOINTS, ids=IDS)
def test_staff_without_the_permission_is_refused(db: None, method: str, path: str, data: Any,
                                                 needed: tuple[str, ...], ok: int) -> None:
    # Django's admin lets change_session stand for view_session.
    implied = ("sessions_core.change_session",) if VIEW == needed else ()
    everything_else = [p for p in MODEL_PERMISSIONS if p not in needed + implied]
    for permissions in ([], everything_else):
        sessions = Session.objects.count()
        response = call(admin_client(staff_with(*permissions)), method, path, data)
        assert response.status_code == 403, permissions
        assert Session.objects.count() == sessions + 1  # only the one call() made


@pytest.mark.parametrize("method, path, data, needed, ok", ENDPOINTS, ids=IDS)
def test_staff_with_exactly_the_permission_gets_in(db: None, method: str, path: str, data: Any,
                                                   needed: tuple[str, ...], ok: int) -> None:
    response = call(admin_client(staff_with(*needed)), method, path, data)
    assert response.status_code == ok
    if ok == 302:
        assert "/admin/login/" not in response["Location"]


@pytest.mark.parametrize("method, path, data, needed, ok", ENDPOINTS, ids=IDS)
def test_superuser_gets_in_anonymous_goes_to_the_login_and_non_staff_is_refused(
        db: None, method: str, path: str, data: Any, needed: tuple[str, ...], ok: int) -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    assert call(admin_client(root), method, path, data).status_code == ok
    response = call(Client(), method, path, data)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    sessions = Session.objects.count()
    response = call(admin_client(staff_with(*MODEL_PERMISSIONS, staff=False)), method, path, data)
    assert response.status_code == 403
    assert Session.objects.count() == sessions + 1  # only the one call() made


def run_action(client: Client, action: str, session: Session) -> Any:
    return client.post(ADMIN, {"action": action, "_selected_action": [session.pk]})


@pytest.mark.parametrize("action", ["initialize_sessions", "compute_payments"])
def test_actions_are_not_offered_to_staff_who_may_only_look(db: None, action: str) -> None:
    session = make_session("trust", 2)
    client = admin_client(staff_with(*VIEW))
    assert action not in client.get(ADMIN).content.decode()
    run_action(client, action, session)
    assert not Session.objects.get(pk=session.pk).initialized
    assert not Participant.objects.filter(session=session, payment__isnull=False).exists()


def test_initialize_needs_change_session(db: None) -> None:
    session = make_session("trust", 2)
    client = admin_client(staff_with("sessions_core.change_session"))
    assert "initialize_sessions" in client.get(ADMIN).content.decode()
    assert run_action(client, "initialize_sessions", session).status_code == 302
    assert Session.objects.get(pk=session.pk).initialized


def test_compute_payments_needs_change_session(db: None) -> None:
    client = admin_client(staff_with("sessions_core.change_session"))
    session = make_session("trust", 2)
    assert run_action(client, "compute_payments", session).status_code == 302
    assert not Participant.objects.filter(session=session, payment__isnull=True).exists()
