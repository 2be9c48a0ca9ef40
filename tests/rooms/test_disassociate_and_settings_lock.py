"""Disassociating unlinks the session and resets the room to waiting; room settings can be
changed only while no session is associated (the admin and the API say so)."""
from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from rooms.models import Room
from rooms.services import RoomError, room_disassociate, room_update
from sessions_core.models import Session
from tests.conftest import page_name, visit
from tests.rooms.conftest import API, join, joined_participant, make_room, stored


def room_with_session() -> Room:
    room = make_room(open=True, config="trust", capacity=10)
    joined_participant(join(Client(), room))
    return stored(room)


def test_disassociate_unlinks_the_session_and_resets_to_waiting(db: None) -> None:
    room = room_with_session()
    session = room.session
    room_disassociate(room_name=room.name)
    room = stored(room)
    assert room.session is None and room.state == Room.State.WAITING and not room.open
    assert Session.objects.filter(pk=session.pk).exists()  # the session itself goes on


def test_after_disassociating_visitors_wait_then_start_a_new_session(db: None) -> None:
    room = room_with_session()
    old = room.session
    room_disassociate(room_name=room.name)
    waiting = join(Client(), room)
    assert waiting.status_code == 200 and "Please wait" in waiting.content.decode()
    room_update(room_name=room.name, open=True)
    newcomer = joined_participant(join(Client(), room))
    assert newcomer.session != old and newcomer.id_in_session == 1
    assert stored(room).session == newcomer.session


def test_players_of_a_disassociated_session_play_on(db: None) -> None:
    room = make_room(open=True, config="trust")
    participant = joined_participant(join(Client(), room))
    room_disassociate(room_name=room.name)
    assert page_name(visit(participant)) == "Send"


@pytest.mark.parametrize("change", [{"config": "public_goods"}, {"labels": ["X1"]},
                                    {"capacity": 3}])
def test_settings_are_refused_while_a_session_is_associated(db: None, change: dict) -> None:
    room = room_with_session()
    with pytest.raises(RoomError, match="disassociate session"):
        room_update(room_name=room.name, **change)
    after = stored(room)
    assert (after.config, after.labels, after.capacity) == ("trust", [], 10)


def test_settings_are_editable_again_after_disassociating(db: None) -> None:
    room = room_with_session()
    room_disassociate(room_name=room.name)
    room_update(room_name=room.name, config="public_goods", labels=["X1"], capacity=3)
    after = stored(room)
    assert (after.config, after.labels, after.capacity) == ("public_goods", ["X1"], 3)


def test_opening_and_closing_stay_allowed_with_a_session(db: None) -> None:
    room = room_with_session()
    assert not room_update(room_name=room.name, open=False).open
    assert room_update(room_name=room.name, open=True, config="trust").open  # unchanged config


def test_api_refuses_settings_with_a_session_and_names_the_field(api: APIClient) -> None:
    room = room_with_session()
    response = api.patch(f"{API}/rooms/{room.name}/", {"capacity": 3}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["field"] == "capacity"
    assert body["detail"].startswith("capacity: room settings can be changed only while no "
                                     "session is associated")
    assert stored(room).capacity == 10


def test_api_put_is_refused_too(api: APIClient) -> None:
    room = room_with_session()
    response = api.put(f"{API}/rooms/{room.name}/", {"config": "public_goods"}, format="json")
    assert response.status_code == 409 and stored(room).config == "trust"


def test_api_disassociates(api: APIClient) -> None:
    room = room_with_session()
    response = api.post(f"{API}/rooms/{room.name}/disassociate/")
    assert response.status_code == 200
    assert response.json()["session"] is None and response.json()["state"] == "waiting"
    assert api.patch(f"{API}/rooms/{room.name}/", {"capacity": 3},
                     format="json").status_code == 200


def test_admin_refuses_settings_with_a_session_with_a_message(experimenter: Client) -> None:
    room = room_with_session()
    response = experimenter.post(f"/admin/rooms/room/{room.pk}/change/", {
        "config": "public_goods", "labels": "", "capacity": "10", "open": "on"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "can be changed only while no session is associated" in page
    assert f"Disassociate session {room.session.name} first" in page
    assert stored(room).config == "trust"


def test_admin_may_close_a_room_with_a_session_through_the_form(experimenter: Client) -> None:
    room = room_with_session()
    response = experimenter.post(f"/admin/rooms/room/{room.pk}/change/", {
        "config": "trust", "labels": "", "capacity": "10"})
    assert response.status_code == 302
    assert not stored(room).open and stored(room).session is not None


def test_admin_disassociate_button(experimenter: Client) -> None:
    room = room_with_session()
    page = experimenter.get(f"/admin/rooms/room/{room.pk}/change/").content.decode()
    assert "Disassociate session" in page
    response = experimenter.post(f"/admin/rooms/room/{room.pk}/disassociate/")
    assert response.status_code == 302
    assert stored(room).session is None and not stored(room).open
    assert "is free for a new session" in experimenter.get(response["Location"]).content.decode()
