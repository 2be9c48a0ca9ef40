"""A room's quorum (Room.min_participants): set by the admin and the REST API, checked against
the SessionType's groups and the room's capacity, and given to the room's session, where it
replaces the SessionType's; the first arrivals through the room wait in the quorum lobby."""
from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from participants.models import Participant
from rooms.models import Room
from tests.conftest import fresh, page_name, visit
from tests.rooms.conftest import API, join, joined_participant, make_room, stored, unique


def test_the_api_sets_a_room_quorum_that_its_session_keeps(api: APIClient) -> None:
    name = unique("quorum")
    response = api.post(f"{API}/rooms/", {"name": name, "config": "quorum_none",
                                          "min_participants": 2, "open": True}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["min_participants"] == 2
    first = joined_participant(join(Client(), name))
    assert first.session.min_participants == 2
    waiting = visit(first).quorum_lobby
    assert waiting is not None and (waiting.present, waiting.needed) == (1, 2)
    second = joined_participant(join(Client(), name))
    assert page_name(visit(second)) == "First"
    assert fresh(first).status == Participant.Status.PLAYING


def test_the_room_quorum_replaces_the_session_types(api: APIClient) -> None:
    room = make_room(config="quorum3", open=True, min_participants=1)
    first = joined_participant(join(Client(), room))
    assert first.session.min_participants == 1
    assert page_name(visit(first)) == "First"  # a quorum of 1: nobody waits


@pytest.mark.parametrize(("body", "detail"), [
    ({"min_participants": 0}, "Ensure this value is greater than or equal to 1."),
    ({"min_participants": "3"}, "min_participants: must be a whole number"),
    ({"min_participants": 3, "config": "trust"},
     "min_participants: min_participants=3 does not start whole groups: SessionType 'trust' "
     "forms groups of 2, so the quorum must be a multiple of 2"),
    ({"min_participants": 4, "capacity": 3},
     "min_participants: the quorum (4) is larger than the room's capacity (3): its session "
     "could never start"),
])
def test_a_bad_room_quorum_is_refused_and_changes_nothing(api: APIClient, body: dict,
                                                         detail: str) -> None:
    room = make_room(config="quorum_none")
    response = api.patch(f"{API}/rooms/{room.name}/", body, format="json")
    assert response.status_code == 400, response.json()
    assert detail in str(response.json())
    assert stored(room).min_participants is None and stored(room).config == "quorum_none"


def test_the_room_quorum_is_locked_while_a_session_is_associated(api: APIClient) -> None:
    room = make_room(config="quorum_none", open=True)
    joined_participant(join(Client(), room))
    response = api.patch(f"{API}/rooms/{room.name}/", {"min_participants": 2}, format="json")
    assert response.status_code == 409
    assert stored(room).min_participants is None


def test_the_admin_form_sets_the_room_quorum(experimenter: Client) -> None:
    room = make_room(config="quorum_none")
    page = experimenter.get(f"/admin/rooms/room/{room.pk}/change/").content.decode()
    assert 'name="min_participants"' in page
    response = experimenter.post(f"/admin/rooms/room/{room.pk}/change/", {
        "name": room.name, "config": "quorum_none", "labels": "", "capacity": "",
        "min_participants": "2"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Room.objects.get(pk=room.pk).min_participants == 2
    response = experimenter.post(f"/admin/rooms/room/{room.pk}/change/", {
        "name": room.name, "config": "trust", "labels": "", "capacity": "",
        "min_participants": "3"})
    assert response.status_code == 200
    assert "does not start whole groups" in response.content.decode()
    assert Room.objects.get(pk=room.pk).min_participants == 2


def test_a_room_too_small_for_the_session_types_quorum_is_not_opened(api: APIClient) -> None:
    refusal = ("min_participants: the room holds 2, fewer than the quorum of SessionType "
               "'quorum3' (min_participants=3): its session could never start; set the room's "
               "min_participants, or make room for 3")
    name = unique("small")
    response = api.post(f"{API}/rooms/", {"name": name, "config": "quorum3",
                                          "labels": ["A1", "A2"]}, format="json")
    assert response.status_code == 400 and response.json()["detail"] == refusal
    assert not Room.objects.filter(name=name).exists()
    # A closed room may get the SessionType; opening it is refused until it can work.
    room = make_room(config="quorum_none", labels=["A1", "A2"])
    assert api.patch(f"{API}/rooms/{room.name}/", {"config": "quorum3"},
                     format="json").status_code == 200
    response = api.patch(f"{API}/rooms/{room.name}/open/", {"open": True}, format="json")
    assert response.status_code == 409, response.json()
    assert response.json()["detail"] == f"{refusal}; change the room's min_participants first"
    assert not stored(room).open
    # Its own quorum of 2 makes it work.
    assert api.patch(f"{API}/rooms/{room.name}/", {"min_participants": 2, "open": True},
                     format="json").status_code == 200
    assert stored(room).open


def test_a_session_in_a_room_with_capacity_below_the_quorum_is_refused(api: APIClient) -> None:
    room = make_room(config="quorum3")
    response = api.post(f"{API}/rooms/{room.name}/session/",
                        {"num_participants": 2, "set_capacity": True}, format="json")
    assert response.status_code == 400, response.json()
    assert response.json() == {
        "detail": "num_participants: a capacity of 2 is smaller than the quorum "
                  "(min_participants=3): the session could never start",
        "field": "num_participants"}
    assert stored(room).session is None and stored(room).capacity is None
