"""The rooms REST API under /admin/api/v1/: list, create, read, update, delete, open, capacity,
session in room, disassociate, who is online."""
from __future__ import annotations

from django.test import Client
from rest_framework.test import APIClient

from rooms.models import Room
from tests.rooms.conftest import API, join, joined_participant, make_room, stored, unique


def test_api_lists_rooms(api: APIClient) -> None:
    room = make_room(config="trust", labels=["A1", "A2"])
    body = api.get(f"{API}/rooms/").json()
    listed = next(r for r in body if r["name"] == room.name)
    assert listed == {"name": room.name, "config": "trust", "labels": ["A1", "A2"],
                      "capacity": None, "effective_capacity": 2, "min_participants": None,
                      "open": False,
                      "state": "waiting", "session": None, "url": f"/room/{room.name}/"}


def test_api_creates_a_room(api: APIClient) -> None:
    name = unique("made")
    response = api.post(f"{API}/rooms/", {"name": name, "config": "trust", "labels": ["A1"],
                                          "capacity": 5, "open": True}, format="json")
    assert response.status_code == 201
    assert response.json()["state"] == "accepting" and response.json()["capacity"] == 5
    room = Room.objects.get(name=name)
    assert (room.config, room.labels, room.capacity, room.open) == ("trust", ["A1"], 5, True)


def test_api_refuses_a_second_room_of_the_same_name(api: APIClient) -> None:
    room = make_room(config="trust")
    response = api.post(f"{API}/rooms/", {"name": room.name, "config": "ultimatum"},
                        format="json")
    assert response.status_code == 409 and response.json()["field"] == "name"
    assert stored(room).config == "trust"


def test_api_reads_a_room_with_its_session(api: APIClient) -> None:
    room = make_room(open=True, config="trust")
    joined_participant(join(Client(), room))
    body = api.get(f"{API}/rooms/{room.name}/").json()
    assert body["session"] == stored(room).session.name and body["state"] == "accepting"


def test_api_updates_settings_without_a_session(api: APIClient) -> None:
    room = make_room(config="trust")
    response = api.patch(f"{API}/rooms/{room.name}/",
                         {"config": "ultimatum", "labels": ["X1", "X2"], "capacity": None},
                         format="json")
    assert response.status_code == 200
    assert response.json()["effective_capacity"] == 2
    assert (stored(room).config, stored(room).labels) == ("ultimatum", ["X1", "X2"])


def test_api_deletes_a_room(api: APIClient) -> None:
    room = make_room(config="trust")
    assert api.delete(f"{API}/rooms/{room.name}/").status_code == 204
    assert not Room.objects.filter(pk=room.pk).exists()


def test_api_sets_capacity_also_during_a_session(api: APIClient) -> None:
    room = make_room(open=True, config="trust", capacity=1)
    joined_participant(join(Client(), room))
    assert join(Client(), room).status_code == 423
    response = api.patch(f"{API}/rooms/{room.name}/capacity/", {"capacity": 2}, format="json")
    assert response.status_code == 200 and response.json()["capacity"] == 2
    assert joined_participant(join(Client(), room)).id_in_session == 2
    response = api.patch(f"{API}/rooms/{room.name}/capacity/", {"capacity": None}, format="json")
    assert response.json()["capacity"] is None and stored(room).is_freejoin
