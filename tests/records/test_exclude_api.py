"""POST sessions/<s>/exclude/ and sessions/<s>/participants/<p>/exclude/: exclude from
condition balancing with a reason; a missing, empty or non-text reason, an unknown field or an
unknown name is a 4xx that changes nothing; excluding again keeps the first reason."""
from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from participants.models import Participant
from sessions_core.models import Session
from tests.api.conftest import API
from tests.conftest import make_session, participants_of


def excluded() -> list[Any]:
    return [list(Session.objects.filter(excluded_at__isnull=False)
                 .values_list("name", "excluded_reason")),
            list(Participant.objects.filter(excluded_at__isnull=False)
                 .values_list("name", "excluded_reason"))]


def test_a_session_is_excluded_with_its_reason(script: APIClient) -> None:
    session = make_session("trust", 2)
    response = script.post(f"{API}/sessions/{session.name}/exclude/",
                           {"reason": "projector broke"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["session"] == session.name and body["participant"] is None
    assert body["changed"] is True and body["excluded_reason"] == "projector broke"
    stored = Session.objects.get(pk=session.pk)
    assert body["excluded_at"].startswith(stored.excluded_at.isoformat()[:19])
    assert excluded() == [[(session.name, "projector broke")], []]


def test_a_participant_is_excluded_and_again_keeps_the_first_reason(script: APIClient) -> None:
    session = make_session("trust", 2)
    first, _ = participants_of(session)
    path = f"{API}/sessions/{session.name}/participants/{first.name}/exclude/"
    assert script.post(path, {"reason": "left early"}, format="json").json()["changed"] is True
    again = script.post(path, {"reason": "another"}, format="json")
    assert again.status_code == 200
    assert again.json()["changed"] is False and again.json()["excluded_reason"] == "left early"
    assert again.json()["participant"] == first.name
    assert excluded() == [[], [(first.name, "left early")]]


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": 5},
                                  {"reason": None}, {"reason": "x" * 1001},
                                  {"reason": "ok", "extra": 1}])
@pytest.mark.parametrize("target", ["session", "participant"])
def test_a_bad_reason_is_a_400_naming_it_and_changes_nothing(script: APIClient, body: Any,
                                                             target: str) -> None:
    session = make_session("trust", 2)
    first, _ = participants_of(session)
    path = f"{API}/sessions/{session.name}/" + (
        "exclude/" if target == "session" else f"participants/{first.name}/exclude/")
    response = script.post(path, body, format="json")
    assert response.status_code == 400, response.content
    detail = response.json()["detail"]
    assert ("reason" in detail) or ("extra" in detail)
    assert excluded() == [[], []]
