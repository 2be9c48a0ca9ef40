"""API bodies nested too deeply, and whole numbers too large for a 32-bit column, are a 400 that
says so and change nothing (they were 500s: json's RecursionError, the database's overflow)."""
from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from rooms.models import Room
from sessions_core.models import Session
from sessions_core.web.rest_defaults import MAX_JSON_DEPTH
from tests.rooms.conftest import API, make_room, stored, unique

INT32_MAX = 2**31 - 1
BODY_PATHS = [("patch", "rooms/{r}/"), ("patch", "rooms/{r}/open/"), ("patch", "room/{r}/open/"),
              ("patch", "rooms/{r}/capacity/"), ("post", "rooms/{r}/session/"), ("post", "rooms/")]


def nested(depth: int) -> str:
    return '{"open": ' + "[" * depth + "]" * depth + "}"


def snapshot(room: Room) -> tuple:
    after = stored(room)
    return (after.config, after.labels, after.capacity, after.open, after.session_id)


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5_000, 100_000])
@pytest.mark.parametrize("method, path", BODY_PATHS)
def test_deeply_nested_json_is_a_400_that_says_so(api: APIClient, method: str, path: str,
                                                  depth: int) -> None:
    room = make_room(config="trust")
    before, rooms = snapshot(room), Room.objects.count()
    response = getattr(api, method)(f"{API}/{path.format(r=room.name)}", nested(depth),
                                    content_type="application/json")
    assert response.status_code == 400
    assert f"nested more than {MAX_JSON_DEPTH} levels" in response.json()["detail"]
    assert snapshot(room) == before and Room.objects.count() == rooms
    assert not Session.objects.exists()


def test_json_nested_within_the_limit_reaches_the_field_check(api: APIClient) -> None:
    room = make_room(config="trust")
    response = api.patch(f"{API}/rooms/{room.name}/open/", nested(MAX_JSON_DEPTH - 1),
                         content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "open"


@pytest.mark.parametrize("number", [INT32_MAX + 1, 2**63, 2**64, 10**30])
@pytest.mark.parametrize("method, path, field", [
    ("patch", "rooms/{r}/capacity/", "capacity"),
    ("patch", "rooms/{r}/", "capacity"),
    ("post", "rooms/", "capacity"),
    ("post", "rooms/{r}/session/", "num_participants"),
])
def test_a_number_beyond_a_32_bit_column_is_a_400(api: APIClient, method: str, path: str,
                                                  field: str, number: int) -> None:
    room = make_room(config="trust")
    before, rooms = snapshot(room), Room.objects.count()
    body = {field: number, **({"name": unique()} if path == "rooms/" else {})}
    response = getattr(api, method)(f"{API}/{path.format(r=room.name)}", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert snapshot(room) == before and Room.objects.count() == rooms
    assert not Session.objects.exists()


def test_the_largest_32_bit_capacity_is_taken(api: APIClient) -> None:
    room = make_room(config="trust")
    response = api.patch(f"{API}/rooms/{room.name}/capacity/", {"capacity": INT32_MAX},
                         format="json")
    assert response.status_code == 200 and stored(room).capacity == INT32_MAX


@pytest.mark.parametrize("number", [INT32_MAX + 1, 2**63, 2**64])
def test_the_admin_refuses_a_capacity_beyond_a_32_bit_column(experimenter: Client,
                                                             number: int) -> None:
    room = make_room(config="trust")
    response = experimenter.post(f"/admin/rooms/room/{room.pk}/change/", {
        "config": "trust", "labels": "", "capacity": str(number)})
    assert response.status_code == 200 and "less than or equal to" in response.content.decode()
    name = unique("admin")
    response = experimenter.post("/admin/rooms/room/add/", {
        "name": name, "config": "trust", "labels": "", "capacity": str(number)})
    assert response.status_code == 200 and not Room.objects.filter(name=name).exists()
    assert stored(room).capacity is None
