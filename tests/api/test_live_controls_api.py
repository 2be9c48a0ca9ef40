"""The live controls in the REST API: pause and resume a session's page timers, advance one
participant or the slowest, each as the services do it (tests/timers/)."""
from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from participants.models import Participant
from tests.api.conftest import API, make_session
from tests.conftest import fresh, participants_of, visit


@pytest.fixture
def playing(db: None) -> list[Participant]:
    people = participants_of(make_session("timers", 2))
    for p in people:
        visit(p)
    return people


def test_pause_then_resume_the_timers(script: APIClient, playing: list[Participant]) -> None:
    name = playing[0].session.name
    paused = script.post(f"{API}/sessions/{name}/timers/pause/")
    assert paused.status_code == 200
    assert paused.json() == {"session": name, "paused": True, "changed": 2}
    assert fresh(playing[0]).timeout_at is None
    assert script.get(f"{API}/sessions/{name}/").json()["timers_paused_at"] is not None
    again = script.post(f"{API}/sessions/{name}/timers/pause/")
    assert again.status_code == 409 and "paused already" in again.json()["detail"]
    resumed = script.post(f"{API}/sessions/{name}/timers/resume/")
    assert resumed.json() == {"session": name, "paused": False, "changed": 2}
    assert fresh(playing[0]).timeout_at is not None
    assert script.get(f"{API}/sessions/{name}/").json()["timers_paused_at"] is None


def test_advance_one_participant(script: APIClient, playing: list[Participant]) -> None:
    first = playing[0]
    response = script.post(f"{API}/sessions/{first.session.name}/participants/{first.name}/advance/")
    assert response.status_code == 200
    assert response.json() == {"participant": first.name, "moved": True, "status": "playing",
                               "position": "0-1-1"}
    assert fresh(playing[1]).page_index == 0


def test_advance_the_slowest(script: APIClient, playing: list[Participant]) -> None:
    name = playing[0].session.name
    script.post(f"{API}/sessions/{name}/participants/{playing[0].name}/advance/")
    response = script.post(f"{API}/sessions/{name}/advance-slowest/")
    assert response.status_code == 200
    assert response.json() == {"session": name, "advanced": [
        {"participant": playing[1].name, "moved": True, "status": "playing",
         "position": "0-1-1"}]}


def test_the_schema_documents_the_controls(script: APIClient) -> None:
    paths = script.get(f"{API}/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for path in ("sessions/{session_name}/advance-slowest/",
                 "sessions/{session_name}/timers/pause/",
                 "sessions/{session_name}/timers/resume/",
                 "sessions/{session_name}/participants/{participant_name}/advance/"):
        operation = paths[f"{API}/{path}"]["post"]
        assert "200" in operation["responses"] and "409" in operation["responses"]
