"""A room whose stored SessionType no longer exists (removed from the code after the room was
made) is refused with a clear 409 wherever it would start taking people, in the API and the
admin; closing it, changing its capacity or giving it another SessionType still work."""
from __future__ import annotations

from django.test import Client
from rest_framework.test import APIClient

from rooms.models import Room
from sessions_core.models import Session
from tests.rooms.conftest import API, join, make_room, stored

GONE = "removed_session_type"


def stale_room(**settings: object) -> Room:
    """A room made with a SessionType that has since disappeared from SESSION_TYPES."""
    room = make_room(config="trust", **settings)
    Room.objects.filter(pk=room.pk).update(config=GONE)
    return stored(room)


def refused(response: object, code: int, field: str) -> dict:
    body = response.json()  # type: ignore[attr-defined]
    assert response.status_code == code, body  # type: ignore[attr-defined]
    assert body["field"] == field and body["detail"].startswith(f"{field}: ")
    return dict(body)


def test_opening_it_is_a_409_naming_the_config(api: APIClient) -> None:
    room = stale_room()
    for path in (f"rooms/{room.name}/open/", f"room/{room.name}/open/"):
        body = refused(api.patch(f"{API}/{path}", {"open": True}, format="json"), 409, "config")
        assert GONE in body["detail"]
    refused(api.patch(f"{API}/rooms/{room.name}/", {"open": True}, format="json"), 409, "config")
    assert not stored(room).open


def test_closing_it_works(api: APIClient) -> None:
    room = stale_room(open=True)
    response = api.patch(f"{API}/rooms/{room.name}/open/", {"open": False}, format="json")
    assert response.status_code == 200 and not stored(room).open


def test_its_capacity_and_labels_can_change_while_it_is_closed(api: APIClient) -> None:
    room = stale_room()
    response = api.patch(f"{API}/rooms/{room.name}/capacity/", {"capacity": 7}, format="json")
    assert response.status_code == 200 and stored(room).capacity == 7
    response = api.patch(f"{API}/rooms/{room.name}/", {"labels": ["A1"]}, format="json")
    assert response.status_code == 200 and stored(room).labels == ["A1"]


def test_another_session_type_mends_it(api: APIClient) -> None:
    room = stale_room()
    response = api.patch(f"{API}/rooms/{room.name}/", {"config": "trust", "open": True},
                         format="json")
    assert response.status_code == 200 and stored(room).is_accepting


def test_an_unknown_session_type_in_the_request_is_the_request_s_fault(api: APIClient) -> None:
    room = stale_room()
    refused(api.patch(f"{API}/rooms/{room.name}/", {"config": "nope"}, format="json"), 400,
            "config")
    refused(api.post(f"{API}/rooms/{room.name}/session/",
                     {"num_participants": 2, "config": "nope"}, format="json"), 400, "config")
    assert stored(room).config == GONE


def test_creating_a_session_in_it_is_a_409_and_creates_nothing(api: APIClient) -> None:
    room = stale_room()
    refused(api.post(f"{API}/rooms/{room.name}/session/", {"num_participants": 2},
                     format="json"), 409, "config")
    assert not Session.objects.exists() and not stored(room).open


def test_a_session_with_a_session_type_given_starts(api: APIClient) -> None:
    room = stale_room()
    response = api.post(f"{API}/rooms/{room.name}/session/",
                        {"num_participants": 2, "config": "trust"}, format="json")
    assert response.status_code == 201 and stored(room).session is not None


def test_a_visitor_of_an_open_stale_room_is_told_it_cannot_start(api: APIClient) -> None:
    room = stale_room(open=True)
    response = join(Client(), room)
    assert response.status_code == 409 and "cannot start" in response.content.decode()
    assert not Session.objects.exists()


def test_the_admin_open_button_shows_a_message(experimenter: Client) -> None:
    room = stale_room()
    response = experimenter.post(f"/admin/rooms/room/{room.pk}/open/", {"open": "true"},
                                 follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and GONE in page and "change the room" in page
    assert not stored(room).open


def test_the_admin_close_button_closes_it(experimenter: Client) -> None:
    room = stale_room(open=True)
    response = experimenter.post(f"/admin/rooms/room/{room.pk}/open/", {"open": "false"},
                                 follow=True)
    assert response.status_code == 200 and f"Room {room.name} closed" in response.content.decode()
    assert not stored(room).open


def test_the_admin_session_form_refuses_it_with_a_message(experimenter: Client) -> None:
    room = stale_room()
    url = f"/admin/rooms/room/{room.pk}/session/"
    assert experimenter.get(url).status_code == 200
    response = experimenter.post(url, {"config": GONE, "num_participants": "2"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Session.objects.exists()


def test_the_admin_change_form_shows_it_and_takes_another_session_type(
        experimenter: Client) -> None:
    room = stale_room()
    url = f"/admin/rooms/room/{room.pk}/change/"
    assert experimenter.get(url).status_code == 200
    response = experimenter.post(url, {"config": GONE, "labels": "", "capacity": ""})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    response = experimenter.post(url, {"config": "trust", "labels": "", "capacity": "",
                                       "open": "on"})
    assert response.status_code == 302 and stored(room).is_accepting
