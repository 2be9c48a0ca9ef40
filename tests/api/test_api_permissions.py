"""Every sessions API endpoint needs staff and its Django model permission: anonymous callers
get 401, non-staff 403, staff without the permission 403 (and nothing changes); staff with
exactly that permission get through, by token or by their admin login."""
from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from participants.models import Participant
from sessions_core.models import Session
from tests.api.conftest import API, first_participant, make_session
from tests.permissions import staff_with, token_client

VIEW_SESSION, ADD_SESSION = ("sessions_core.view_session",), ("sessions_core.add_session",)
CHANGE_SESSION, DELETE_SESSION = ("sessions_core.change_session",), ("sessions_core.delete_session",)
VIEW_PARTICIPANT = ("participants.view_participant",)
CHANGE_PARTICIPANT = ("participants.change_participant",)
P = "sessions/{s}/participants/{p}/"

# method, path under /admin/api/v1/ ({s}, {p}: a session and its participant), body, the
# permissions needed, status with them
ENDPOINTS: list[tuple[str, str, Any, tuple[str, ...], int]] = [
    ("get", "session-types/", None, VIEW_SESSION, 200),
    ("get", "session-types/trust/", None, VIEW_SESSION, 200),
    ("get", "sessions/", None, VIEW_SESSION, 200),
    ("post", "sessions/", {"session_type": "trust", "num_participants": 2}, ADD_SESSION, 201),
    ("get", "sessions/{s}/", None, VIEW_SESSION, 200),
    ("delete", "sessions/{s}/", None, DELETE_SESSION, 204),
    ("post", "sessions/{s}/initialize/", None, CHANGE_SESSION, 200),
    ("get", "sessions/{s}/participants/", None, VIEW_PARTICIPANT, 200),
    ("get", P, None, VIEW_PARTICIPANT, 200),
    ("post", P + "initialize/", None, CHANGE_PARTICIPANT, 200),
    ("patch", P + "vars/", {"x": 1}, CHANGE_PARTICIPANT, 200),
    ("post", P + "reload/", None, CHANGE_PARTICIPANT, 200),
    ("post", "sessions/{s}/messages/", {"text": "hello"}, CHANGE_PARTICIPANT, 200),
    ("post", P + "advance/", None, CHANGE_PARTICIPANT, 409),  # not started: refused
    ("post", "sessions/{s}/advance-slowest/", None, CHANGE_PARTICIPANT, 409),  # nobody playing
    ("post", "sessions/{s}/timers/pause/", None, CHANGE_SESSION, 200),
    ("post", "sessions/{s}/timers/resume/", None, CHANGE_SESSION, 409),  # not paused
    ("get", "sessions/{s}/payments/", None, VIEW_SESSION, 200),
    ("get", "sessions/{s}/data/?format=json", None, VIEW_SESSION, 200),
    ("post", "sessions/{s}/exclude/", {"reason": "test"}, CHANGE_SESSION, 200),
    ("post", P + "exclude/", {"reason": "test"}, CHANGE_PARTICIPANT, 200),
]
IDS = [f"{method} {path}" for method, path, *_ in ENDPOINTS]


def call(client: APIClient, method: str, path: str, body: Any) -> Any:
    session = Session.objects.order_by("pk").first() or make_session("trust", 2)
    url = f"{API}/" + path.format(s=session.name, p=first_participant(session).name)
    return getattr(client, method)(url, body, format="json") if body is not None \
        else getattr(client, method)(url)


def state() -> list[Any]:
    return [list(Session.objects.values_list("name", "initialized", "timers_paused_at",
                                             "excluded_at")),
            list(Participant.objects.values_list("name", "status", "vars", "page_index",
                                                 "excluded_at"))]


@pytest.fixture
def a_session(db: None) -> Session:
    return make_session("trust", 2)


@pytest.mark.parametrize("method, path, body, needed, ok", ENDPOINTS, ids=IDS)
def test_anonymous_gets_401_and_changes_nothing(a_session: Session, method: str, path: str,
                                                body: Any, needed: tuple[str, ...], ok: int) -> None:
    before = state()
    response = call(APIClient(), method, path, body)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert set(response.json()) == {"detail"}
    assert state() == before


@pytest.mark.parametrize("method, path, body, needed, ok", ENDPOINTS, ids=IDS)
def test_non_staff_gets_403_even_with_the_permission(a_session: Session, method: str, path: str,
                                                     body: Any, needed: tuple[str, ...],
                                                     ok: int) -> None:
    before = state()
    response = call(token_client(staff_with(*needed, staff=False)), method, path, body)
    assert response.status_code == 403
    assert state() == before


@pytest.mark.parametrize("method, path, body, needed, ok", ENDPOINTS, ids=IDS)
def test_staff_without_the_permission_gets_403_and_changes_nothing(
        a_session: Session, method: str, path: str, body: Any, needed: tuple[str, ...],
        ok: int) -> None:
    others = [p for p in (*VIEW_SESSION, *ADD_SESSION, *CHANGE_SESSION, *DELETE_SESSION,
                          *VIEW_PARTICIPANT, *CHANGE_PARTICIPANT) if p not in needed]
    before = state()
    response = call(token_client(staff_with(*others)), method, path, body)
    assert response.status_code == 403
    assert "permission" in response.json()["detail"]
    assert state() == before


@pytest.mark.parametrize("method, path, body, needed, ok", ENDPOINTS, ids=IDS)
def test_staff_with_exactly_the_permission_gets_through_by_token(
        a_session: Session, method: str, path: str, body: Any, needed: tuple[str, ...],
        ok: int) -> None:
    response = call(token_client(staff_with(*needed)), method, path, body)
    assert response.status_code == ok, response.content


def test_the_admin_login_works_for_reads(a_session: Session) -> None:
    client = APIClient()
    client.force_login(staff_with(*VIEW_SESSION))
    assert client.get(f"{API}/sessions/{a_session.name}/").status_code == 200


def test_a_logged_in_browser_must_send_the_csrf_token_to_change_anything(
        a_session: Session) -> None:
    user = get_user_model().objects.create_superuser("lab", "lab@example.org", "pw")
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(user)
    url = f"{API}/sessions/{a_session.name}/initialize/"
    refused = browser.post(url)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert not Session.objects.get(pk=a_session.pk).initialized
    browser.get("/admin/")  # the admin page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    assert browser.post(url, HTTP_X_CSRFTOKEN=token).status_code == 200
