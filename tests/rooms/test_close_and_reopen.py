"""A room can be closed and reopened at any time, also while its session runs: closing only
stops new entries."""
from __future__ import annotations

from django.test import Client
from rest_framework.test import APIClient

from participants.models import Participant
from rooms.services import room_set_open
from tests.conftest import page_name, visit
from tests.rooms.conftest import API, join, joined_participant, make_room, stored


def test_closing_stops_new_entries_with_please_wait(db: None) -> None:
    room = make_room(open=True, config="trust")
    joined_participant(join(Client(), room))
    room_set_open(room_name=room.name, open=False)
    response = join(Client(), room)
    assert response.status_code == 200 and "Please wait" in response.content.decode()
    assert Participant.objects.count() == 1


def test_closing_does_not_touch_the_running_session(db: None) -> None:
    room = make_room(open=True, config="trust")
    participant = joined_participant(join(Client(), room))
    session = stored(room).session
    room_set_open(room_name=room.name, open=False)
    assert stored(room).session == session
    assert page_name(visit(participant)) == "Send"  # the player plays on


def test_reopening_admits_into_the_same_session(db: None) -> None:
    room = make_room(open=True, config="trust")
    first = joined_participant(join(Client(), room))
    room_set_open(room_name=room.name, open=False)
    room_set_open(room_name=room.name, open=True)
    second = joined_participant(join(Client(), room))
    assert second.session_id == first.session_id and second.id_in_session == 2


def test_rejoin_by_label_works_in_a_closed_room(db: None) -> None:
    room = make_room(open=True, config="trust", labels=["ALPHA", "BRAVO"])
    first = joined_participant(join(Client(), room, label="ALPHA"))
    room_set_open(room_name=room.name, open=False)
    again = joined_participant(join(Client(), room, label="ALPHA"))
    assert again == first
    newcomer = join(Client(), room, label="BRAVO")
    assert newcomer.status_code == 200 and "Please wait" in newcomer.content.decode()
    assert Participant.objects.count() == 1


def test_api_closes_and_reopens_with_the_seed_path(api: APIClient) -> None:
    room = make_room(open=True, config="trust")
    joined_participant(join(Client(), room))
    closed = api.patch(f"{API}/room/{room.name}/open/", {"open": False}, format="json")
    assert closed.status_code == 200
    assert closed.json()["open"] is False and closed.json()["state"] == "waiting"
    assert closed.json()["session"] == stored(room).session.name
    reopened = api.patch(f"{API}/room/{room.name}/open/", {"open": True}, format="json")
    assert reopened.json()["open"] is True and reopened.json()["state"] == "accepting"


def test_api_closes_and_reopens_with_the_plural_path(api: APIClient) -> None:
    room = make_room(open=True, config="trust")
    assert api.patch(f"{API}/rooms/{room.name}/open/", {"open": False},
                     format="json").json()["open"] is False
    assert not stored(room).open
    assert api.patch(f"{API}/rooms/{room.name}/open/", {"open": True},
                     format="json").json()["open"] is True


def test_admin_close_and_reopen_buttons(experimenter: Client) -> None:
    room = make_room(open=True, config="trust")
    joined_participant(join(Client(), room))
    page = experimenter.get(f"/admin/rooms/room/{room.pk}/change/").content.decode()
    assert "Close room" in page
    response = experimenter.post(f"/admin/rooms/room/{room.pk}/open/", {"open": "false"})
    assert response.status_code == 302 and not stored(room).open
    assert stored(room).session is not None
    page = experimenter.get(response["Location"]).content.decode()
    assert f"Room {room.name} closed." in page and "Open room" in page
    experimenter.post(f"/admin/rooms/room/{room.pk}/open/", {"open": "true"})
    assert stored(room).open
