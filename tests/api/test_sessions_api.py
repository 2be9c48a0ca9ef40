"""sessions/: create (with config overrides), list with filters and pages, read, delete."""
from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from participants.models import Participant
from sessions_core.experimenter.registry import experiment_app
from sessions_core.lifecycle.services import session_initialize
from sessions_core.models import Session
from tests.api.conftest import API, make_session


def create(script: APIClient, **body: Any) -> Any:
    return script.post(f"{API}/sessions/", body, format="json")


def test_create_returns_the_session_and_one_link_per_participant(script: APIClient) -> None:
    response = create(script, session_type="public_goods", num_participants=6, label="Mon 9:00",
                      is_test=True, config={"multiplier": 3})
    assert response.status_code == 201, response.content
    body = response.json()
    session = Session.objects.get(name=body["name"])
    assert (session.label, session.is_test, session.config["multiplier"]) == ("Mon 9:00", True, 3)
    assert body["config"]["multiplier"] == 3 and body["initialized"] is False
    names = list(session.participant_set.order_by("id_in_session").values_list("name", flat=True))
    assert body["participant_urls"] == [f"http://testserver/p/{session.name}/{n}/" for n in names]


def test_create_overrides_the_pay(script: APIClient) -> None:
    body = create(script, session_type="trust", num_participants=2,
                  config={"fixed_pay": 700, "real_world_currency_per_point": "0.05"}).json()
    assert body["config"]["fixed_pay"] == 700
    assert body["config"]["real_world_currency_per_point"] == "0.05"


@pytest.mark.parametrize("body, field", [
    ({"session_type": "nope", "num_participants": 2}, "session_type"),
    ({"session_type": "public_goods", "num_participants": 4}, "num_participants"),
    ({"session_type": "trust", "num_participants": "2"}, "num_participants"),
    ({"session_type": "trust", "num_participants": 0}, "num_participants"),
    ({"session_type": "trust", "num_participants": 100_001}, "num_participants"),
    ({"session_type": "trust"}, "num_participants"),
    ({"session_type": "trust", "num_participants": 2, "is_test": "yes"}, "is_test"),
    ({"session_type": "trust", "num_participants": 2, "config": {"multiplier": 3}},
     "config.multiplier"),
    ({"session_type": "public_goods", "num_participants": 3, "config": {"multiplier": "3"}},
     "config.multiplier"),
    ({"session_type": "public_goods", "num_participants": 3, "config": {"multiplier": True}},
     "config.multiplier"),
    ({"session_type": "trust", "num_participants": 2, "config": {"app_sequence": ["x"]}},
     "config.app_sequence"),
    ({"session_type": "trust", "num_participants": 2, "config": {"fixed_pay": -1}},
     "config.fixed_pay"),
    ({"session_type": "trust", "num_participants": 2, "config": ["multiplier"]}, "config"),
    ({"session_type": "trust", "num_participants": 2, "room": "lab"}, "room"),
])
def test_bad_create_is_a_400_naming_the_field_and_creates_nothing(
        script: APIClient, body: dict[str, Any], field: str) -> None:
    response = create(script, **body)
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert response.json()["detail"]
    assert not Session.objects.exists() and not Participant.objects.exists()


def test_a_body_that_is_not_an_object_is_refused(script: APIClient) -> None:
    response = script.post(f"{API}/sessions/", ["trust", 2], format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "the body must be a JSON object"}


def test_list_is_newest_first_and_filters_by_type_and_test_flag(script: APIClient) -> None:
    trust = make_session("trust")
    test_run = make_session("trust", is_test=True)
    dictator = make_session("dictator")
    names = lambda query: [s["name"] for s in script.get(f"{API}/sessions/{query}").json()["results"]]  # noqa: E731
    assert names("") == [dictator.name, test_run.name, trust.name]
    assert names("?session_type=trust") == [test_run.name, trust.name]
    assert names("?is_test=true") == [test_run.name]
    assert names("?is_test=false&session_type=trust") == [trust.name]


@pytest.mark.parametrize("query, field", [("?is_test=yes", "is_test"), ("?limit=0", "limit"),
                                          ("?offset=-1", "offset"), ("?sesion_type=trust",
                                                                     "sesion_type")])
def test_bad_list_query_is_a_400_naming_it(script: APIClient, query: str, field: str) -> None:
    response = script.get(f"{API}/sessions/{query}")
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_list_pages_with_limit_and_offset(script: APIClient) -> None:
    for _ in range(3):
        make_session("trust")
    first = script.get(f"{API}/sessions/?limit=2").json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    second = script.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert second["previous"] is not None


def test_read_counts_started_and_finished_participants(script: APIClient) -> None:
    session = make_session("trust", 4)
    Participant.objects.filter(session=session, id_in_session=1).update(status="playing")
    Participant.objects.filter(session=session, id_in_session=2).update(status="finished")
    body = script.get(f"{API}/sessions/{session.name}/").json()
    assert (body["participants_started"], body["participants_finished"]) == (2, 1)
    assert body["num_participants"] == 4 and body["session_type"] == "trust"


def test_unknown_session_is_a_404_naming_it(script: APIClient) -> None:
    response = script.get(f"{API}/sessions/nosuch/")
    assert response.status_code == 404
    assert response.json() == {"detail": "no session 'nosuch'"}


def test_delete_removes_the_session_its_participants_and_game_data(script: APIClient) -> None:
    session = make_session("trust", 2)
    session_initialize(session=session)
    response = script.delete(f"{API}/sessions/{session.name}/")
    assert response.status_code == 204
    assert not Session.objects.exists() and not Participant.objects.exists()
    assert not experiment_app("trust").Player.objects.exists()
    assert script.delete(f"{API}/sessions/{session.name}/").status_code == 404
