"""The lab manager can create a session with N pre-created slots in a room (admin form or API):
the room opens, and slots are claimed first come, first served."""
from __future__ import annotations

from django.test import Client
from rest_framework.test import APIClient

from participants.models import Participant
from rooms.services import room_create_session
from sessions_core.models import Session
from tests.rooms.conftest import API, join, joined_participant, make_room, stored


def test_session_in_room_has_n_free_slots_and_opens_the_room(db: None) -> None:
    room = make_room(config="trust")
    session = room_create_session(room_name=room.name, num_participants=4)
    room = stored(room)
    assert room.session == session and room.open and room.is_accepting
    assert session.participant_set.count() == 4
    assert not session.participant_set.filter(claimed_at__isnull=False).exists()


def test_pre_created_slots_are_claimed_first_come_first_served(db: None) -> None:
    room = make_room(config="trust")
    session = room_create_session(room_name=room.name, num_participants=3)
    arrivals = [joined_participant(join(Client(), room)) for _ in range(3)]
    assert [p.id_in_session for p in arrivals] == [1, 2, 3]
    assert Participant.objects.filter(session=session).count() == 3  # no new slots
    assert all(p.claimed_at is not None for p in Participant.objects.filter(session=session))


def test_without_set_capacity_the_session_grows_past_its_slots(db: None) -> None:
    room = make_room(config="trust")
    session = room_create_session(room_name=room.name, num_participants=2)
    arrivals = [joined_participant(join(Client(), room)) for _ in range(4)]
    assert [p.id_in_session for p in arrivals] == [1, 2, 3, 4]
    assert Participant.objects.filter(session=session).count() == 4


def test_without_set_capacity_the_room_capacity_stays(db: None) -> None:
    room = make_room(config="trust", capacity=3)
    room_create_session(room_name=room.name, num_participants=2)
    assert stored(room).capacity == 3
    for _ in range(3):
        joined_participant(join(Client(), room))
    assert join(Client(), room).status_code == 423


def test_set_capacity_makes_capacity_the_number_of_players(db: None) -> None:
    room = make_room(config="trust")
    session = room_create_session(room_name=room.name, num_participants=2, set_capacity=True)
    assert stored(room).capacity == 2
    joined_participant(join(Client(), room))
    joined_participant(join(Client(), room))
    response = join(Client(), room)
    assert response.status_code == 423 and "Room full" in response.content.decode()
    assert Participant.objects.filter(session=session).count() == 2


def test_session_in_room_may_name_its_config(db: None) -> None:
    room = make_room()
    session = room_create_session(room_name=room.name, num_participants=3, config="public_goods")
    assert session.session_type == "public_goods" and stored(room).config == "public_goods"


def test_api_creates_a_session_in_the_room(api: APIClient) -> None:
    room = make_room(config="trust")
    response = api.post(f"{API}/rooms/{room.name}/session/",
                        {"num_participants": 2, "set_capacity": True}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    session = stored(room).session
    assert body["session"] == session.name and body["open"] is True and body["capacity"] == 2
    assert body["state"] == "accepting"
    assert body["participant_urls"] == [f"/p/{session.name}/{p.name}/"
                                        for p in session.participant_set.order_by("id_in_session")]


def test_api_refuses_a_second_session_in_the_room(api: APIClient) -> None:
    room = make_room(config="trust")
    room_create_session(room_name=room.name, num_participants=2)
    response = api.post(f"{API}/rooms/{room.name}/session/", {"num_participants": 2},
                        format="json")
    assert response.status_code == 409 and "disassociate" in response.json()["detail"]
    assert Session.objects.count() == 1


def test_api_refuses_a_session_without_config(api: APIClient) -> None:
    room = make_room()
    response = api.post(f"{API}/rooms/{room.name}/session/", {"num_participants": 2},
                        format="json")
    assert response.status_code == 400 and response.json()["field"] == "config"
    assert not Session.objects.exists() and not stored(room).open


def test_admin_form_creates_a_session_in_the_room(experimenter: Client) -> None:
    room = make_room(config="trust")
    form = experimenter.get(f"/admin/rooms/room/{room.pk}/session/").content.decode()
    assert "Set room capacity to number of players" in form
    response = experimenter.post(f"/admin/rooms/room/{room.pk}/session/", {
        "config": "trust", "num_participants": 4, "set_capacity": "on"})
    assert response.status_code == 302
    room = stored(room)
    assert room.open and room.capacity == 4 and room.session.participant_set.count() == 4
    page = experimenter.get(response["Location"]).content.decode()
    assert f"Session {room.session.name} created in room {room.name} with 4 slots" in page


def test_admin_form_without_set_capacity_leaves_capacity(experimenter: Client) -> None:
    room = make_room(config="trust", capacity=10)
    experimenter.post(f"/admin/rooms/room/{room.pk}/session/",
                      {"config": "trust", "num_participants": 2})
    assert stored(room).capacity == 10 and stored(room).session.num_participants == 2


def test_admin_form_refuses_a_second_session_with_a_message(experimenter: Client) -> None:
    room = make_room(config="trust")
    room_create_session(room_name=room.name, num_participants=2)
    response = experimenter.post(f"/admin/rooms/room/{room.pk}/session/",
                                 {"config": "trust", "num_participants": 2})
    assert response.status_code == 200 and "disassociate it first" in response.content.decode()
    assert Session.objects.count() == 1
