"""initialize/: run_new_session for a session, run_new_player for a participant; each runs
once and says whether this call ran it."""
from __future__ import annotations

from rest_framework.test import APIClient

from participants.models import Participant
from sessions_core.experimenter.registry import experiment_app
from sessions_core.models import Session
from tests.api.conftest import API, first_participant, make_session


def test_session_initialize_runs_once_and_says_so(script: APIClient) -> None:
    session = make_session("trust", 2)
    first = script.post(f"{API}/sessions/{session.name}/initialize/")
    assert first.status_code == 200
    assert first.json() == {"session": session.name, "initialized": True, "ran": True}
    again = script.post(f"{API}/sessions/{session.name}/initialize/")
    assert again.json() == {"session": session.name, "initialized": True, "ran": False}
    assert Session.objects.get(pk=session.pk).initialized
    assert experiment_app("trust").Player.objects.filter(session_id=session.pk).count() == 2


def test_participant_initialize_starts_them_at_the_first_page(script: APIClient) -> None:
    session = make_session("trust", 2)
    participant = first_participant(session)
    url = f"{API}/sessions/{session.name}/participants/{participant.name}/initialize/"
    response = script.post(url)
    assert response.status_code == 200
    body = response.json()
    assert body["ran"] is True
    assert body["participant"]["status"] == "playing"
    assert body["participant"]["position"] == {"app": "trust", "round": 1, "page": "Send"}
    assert Session.objects.get(pk=session.pk).initialized  # the session was initialized first
    started = Participant.objects.get(pk=participant.pk).started_at

    again = script.post(url).json()
    assert again["ran"] is False and again["participant"]["status"] == "playing"
    assert Participant.objects.get(pk=participant.pk).started_at == started


def test_participant_initialize_of_an_unknown_participant_is_a_404(script: APIClient) -> None:
    session = make_session("trust", 2)
    response = script.post(f"{API}/sessions/{session.name}/participants/zzzz/initialize/")
    assert response.status_code == 404
    assert response.json() == {"detail": f"no participant 'zzzz' in session '{session.name}'"}
