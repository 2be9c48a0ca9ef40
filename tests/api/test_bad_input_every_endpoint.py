"""Every sessions API endpoint answers bad input with a 4xx and a JSON message, and changes
nothing: an unknown session or participant name is a 404 naming what was asked for; a body that
is not JSON, or not the JSON object the endpoint reads, is a 400."""
from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from participants.models import Participant
from sessions_core.models import Session
from tests.api.conftest import API, first_participant, make_session

P = "sessions/{s}/participants/{p}/"
# method, path ({s}, {p}: a session and its participant)
ENDPOINTS = [
    ("get", "sessions/{s}/"), ("delete", "sessions/{s}/"), ("post", "sessions/{s}/initialize/"),
    ("get", "sessions/{s}/participants/"), ("get", P), ("post", P + "initialize/"),
    ("patch", P + "vars/"), ("get", "sessions/{s}/payments/"), ("get", "sessions/{s}/data/"),
    ("post", P + "reload/"), ("post", "sessions/{s}/messages/"),
    ("post", P + "advance/"), ("post", "sessions/{s}/advance-slowest/"),
    ("post", "sessions/{s}/timers/pause/"), ("post", "sessions/{s}/timers/resume/"),
    ("post", "sessions/{s}/exclude/"), ("post", P + "exclude/"),
]
WITH_BODY = [("post", "sessions/"), ("patch", P + "vars/"), ("post", "sessions/{s}/messages/"),
             ("post", "sessions/{s}/exclude/"), ("post", P + "exclude/")]


def state() -> list[Any]:
    return [list(Session.objects.order_by("pk").values_list("name", "initialized",
                                                           "excluded_at")),
            list(Participant.objects.order_by("pk").values_list("name", "status", "vars",
                                                               "excluded_at"))]


def url(path: str, session: Session, *, s: str | None = None, p: str | None = None) -> str:
    return f"{API}/" + path.format(s=s or session.name, p=p or first_participant(session).name)


@pytest.mark.parametrize("method, path", ENDPOINTS, ids=[f"{m} {p}" for m, p in ENDPOINTS])
def test_an_unknown_session_is_a_404_naming_it(script: APIClient, method: str, path: str) -> None:
    session = make_session("trust", 2)
    before = state()
    response = getattr(script, method)(url(path, session, s="nosuchsession"), format="json")
    assert response.status_code == 404
    assert "nosuchsession" in response.json()["detail"]
    assert state() == before


@pytest.mark.parametrize("method, path", [e for e in ENDPOINTS if "{p}" in e[1]],
                         ids=[f"{m} {p}" for m, p in ENDPOINTS if "{p}" in p])
def test_an_unknown_participant_is_a_404_naming_it(script: APIClient, method: str,
                                                    path: str) -> None:
    session = make_session("trust", 2)
    before = state()
    response = getattr(script, method)(url(path, session, p="nosuchperson"), {}, format="json")
    assert response.status_code == 404
    assert "nosuchperson" in response.json()["detail"]
    assert state() == before


@pytest.mark.parametrize("method, path", WITH_BODY, ids=[f"{m} {p}" for m, p in WITH_BODY])
@pytest.mark.parametrize("body", ['{"num_participants": 2', "[1, 2]", '"text"', "null", "\xff"])
def test_a_body_that_is_not_a_json_object_is_a_400(script: APIClient, method: str, path: str,
                                                   body: str) -> None:
    session = make_session("trust", 2)
    before = state()
    response = getattr(script, method)(url(path, session), body.encode("latin-1"),
                                       content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()
    assert state() == before
