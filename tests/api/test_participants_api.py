"""participants/: a session's participants with their position by name, status, payoff so far
and vars; PATCH vars/ sets keys of participant.vars."""
from __future__ import annotations

from rest_framework.test import APIClient

from participants.models import Participant
from sessions_core.experimenter.registry import experiment_app
from sessions_core.lifecycle.services import MAX_VARS_CHANGE_BYTES, session_initialize
from tests.api.conftest import API, first_participant, make_session
from tests.conftest import visit


def test_list_is_in_order_and_paged(script: APIClient) -> None:
    session = make_session("trust", 4)
    page = script.get(f"{API}/sessions/{session.name}/participants/?limit=3").json()
    assert page["count"] == 4
    assert [p["id_in_session"] for p in page["results"]] == [1, 2, 3]
    assert page["results"][0]["status"] == "new" and page["results"][0]["position"] is None
    rest = script.get(page["next"]).json()
    assert [p["id_in_session"] for p in rest["results"]] == [4]


def test_read_shows_position_by_name_payoff_and_vars(script: APIClient) -> None:
    session = make_session("trust", 2)
    participant = first_participant(session)
    visit(participant)
    experiment_app("trust").Player.objects.filter(participant_id=participant.pk).update(payoff=42)
    Participant.objects.filter(pk=participant.pk).update(vars={"treatment": "high"})
    body = script.get(f"{API}/sessions/{session.name}/participants/{participant.name}/").json()
    assert body["status"] == "playing"
    assert body["position"] == {"app": "trust", "round": 1, "page": "Send"}
    assert body["payoff"] == "42"
    assert body["vars"] == {"treatment": "high"}
    assert body["url"] == f"http://testserver/p/{session.name}/{participant.name}/"


def test_vars_patch_sets_keys_and_keeps_the_others(script: APIClient) -> None:
    session = make_session("trust", 2)
    participant = first_participant(session)
    Participant.objects.filter(pk=participant.pk).update(vars={"kept": 1, "changed": 1})
    url = f"{API}/sessions/{session.name}/participants/{participant.name}/vars/"
    response = script.patch(url, {"changed": 2, "new": [1, 2]}, format="json")
    assert response.status_code == 200
    assert response.json() == {"vars": {"kept": 1, "changed": 2, "new": [1, 2]}}
    assert Participant.objects.get(pk=participant.pk).vars == {"kept": 1, "changed": 2,
                                                               "new": [1, 2]}


def test_vars_patch_refuses_anything_but_an_object(script: APIClient) -> None:
    session = make_session("trust", 2)
    participant = first_participant(session)
    url = f"{API}/sessions/{session.name}/participants/{participant.name}/vars/"
    for body in ([1, 2], "x", 3):
        response = script.patch(url, body, format="json")
        assert response.status_code == 400
        assert "JSON object" in response.json()["detail"]
    assert Participant.objects.get(pk=participant.pk).vars == {}


def test_vars_patch_refuses_a_change_too_large(script: APIClient) -> None:
    session = make_session("trust", 2)
    participant = first_participant(session)
    url = f"{API}/sessions/{session.name}/participants/{participant.name}/vars/"
    response = script.patch(url, {"big": "x" * MAX_VARS_CHANGE_BYTES}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "vars"
    assert Participant.objects.get(pk=participant.pk).vars == {}


def test_a_participant_of_another_session_is_not_found(script: APIClient) -> None:
    one, other = make_session("trust", 2), make_session("trust", 2)
    session_initialize(session=one)
    stranger = first_participant(other)
    response = script.get(f"{API}/sessions/{one.name}/participants/{stranger.name}/")
    assert response.status_code == 404


def test_vars_patch_refuses_text_the_database_cannot_store(script: APIClient) -> None:
    session = make_session("trust", 2)
    participant = first_participant(session)
    url = f"{API}/sessions/{session.name}/participants/{participant.name}/vars/"
    response = script.patch(url, '{"note": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "vars: text may not contain the character U+0000 (NUL)",
                               "field": "vars"}
