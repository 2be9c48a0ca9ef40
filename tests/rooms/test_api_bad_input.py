"""API bodies of the wrong shape get a 400 whose detail names the field, and change nothing;
callers who are not staff are refused."""
from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from rooms.models import Room
from sessions_core.models import Session
from tests.rooms.conftest import API, make_room, stored, unique


def snapshot(room: Room) -> tuple:
    after = stored(room)
    return (after.config, after.labels, after.capacity, after.open, after.session_id)


@pytest.mark.parametrize("path, body, field", [
    ("room/{r}/open/", {"open": "yes"}, "open"),
    ("room/{r}/open/", {"open": 1}, "open"),
    ("room/{r}/open/", {"open": "true"}, "open"),
    ("room/{r}/open/", {"open": None}, "open"),
    ("room/{r}/open/", {}, "open"),
    ("rooms/{r}/open/", {"open": "false"}, "open"),
    ("room/{r}/open/", {"open": True, "force": True}, "force"),
    ("rooms/{r}/capacity/", {"capacity": "5"}, "capacity"),
    ("rooms/{r}/capacity/", {"capacity": 5.0}, "capacity"),
    ("rooms/{r}/capacity/", {"capacity": 0}, "capacity"),
    ("rooms/{r}/capacity/", {"capacity": -3}, "capacity"),
    ("rooms/{r}/capacity/", {"capacity": True}, "capacity"),
    ("rooms/{r}/", {"capacity": "5"}, "capacity"),
    ("rooms/{r}/", {"open": "yes"}, "open"),
    ("rooms/{r}/", {"config": 7}, "config"),
    ("rooms/{r}/", {"config": "no_such_type"}, "config"),
    ("rooms/{r}/", {"labels": "ALPHA"}, "labels"),
    ("rooms/{r}/", {"labels": [1, 2]}, "labels.0"),
    ("rooms/{r}/", {"labels": ["has space"]}, "labels"),
    ("rooms/{r}/", {"labels": ["L" * 129]}, "labels.0"),
    ("rooms/{r}/", {"labels": ["A1", "A1"]}, "labels"),
    ("rooms/{r}/", {"name": "renamed"}, "name"),
    ("rooms/{r}/", {"colour": "blue"}, "colour"),
    ("rooms/{r}/session/", {"num_participants": "2"}, "num_participants"),
    ("rooms/{r}/session/", {"num_participants": 0}, "num_participants"),
    ("rooms/{r}/session/", {}, "num_participants"),
    ("rooms/{r}/session/", {"num_participants": 2, "set_capacity": "yes"}, "set_capacity"),
    ("rooms/{r}/session/", {"num_participants": 2, "config": "no_such_type"}, "config"),
    ("rooms/{r}/session/", {"num_participants": 2, "slots": 4}, "slots"),
])
def test_wrong_body_is_400_naming_the_field_and_changes_nothing(
        api: APIClient, path: str, body: dict, field: str) -> None:
    room = make_room(config="trust", capacity=4)
    before = snapshot(room)
    response = getattr(api, "post" if path.endswith("session/") else "patch")(
        f"{API}/{path.format(r=room.name)}", body, format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["field"] == field
    assert response.json()["detail"].startswith(f"{field}: ")
    assert snapshot(room) == before and not Session.objects.exists()


@pytest.mark.parametrize("path", ["room/{r}/open/", "rooms/{r}/", "rooms/{r}/capacity/",
                                  "rooms/{r}/session/"])
@pytest.mark.parametrize("body", [[{"open": True}], "open", 5, None, True])
def test_a_body_that_is_not_an_object_is_refused(api: APIClient, path: str, body: object) -> None:
    room = make_room(config="trust")
    before = snapshot(room)
    method = "post" if path.endswith("session/") else "patch"
    response = getattr(api, method)(f"{API}/{path.format(r=room.name)}", json.dumps(body),
                                    content_type="application/json")
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]
    assert snapshot(room) == before and not Session.objects.exists()


@pytest.mark.parametrize("raw", ["{open: true}", "not json", '{"open": tru', ""])
def test_a_body_that_is_not_json_is_refused(api: APIClient, raw: str) -> None:
    room = make_room(config="trust")
    response = api.patch(f"{API}/room/{room.name}/open/", raw, content_type="application/json")
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)
    assert not stored(room).open


def test_a_form_encoded_body_is_refused(api: APIClient) -> None:
    room = make_room(config="trust")
    response = api.patch(f"{API}/room/{room.name}/open/", "open=true",
                         content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert not stored(room).open


@pytest.mark.parametrize("body, field", [
    ({"config": "trust"}, "name"),
    ({"name": "has space"}, "name"),
    ({"name": 5}, "name"),
    ({"name": "x" * 65}, "name"),
    ({"name": "ok", "capacity": "5"}, "capacity"),
    ({"name": "ok", "open": "yes"}, "open"),
    ({"name": "ok", "session": "abc"}, "session"),
])
def test_create_with_a_wrong_body_creates_no_room(api: APIClient, body: dict, field: str) -> None:
    count = Room.objects.count()
    response = api.post(f"{API}/rooms/", body, format="json")
    assert response.status_code == 400 and response.json()["field"] == field
    assert Room.objects.count() == count


def test_anonymous_caller_is_refused(db: None) -> None:
    room = make_room(config="trust")
    anonymous = APIClient()
    assert anonymous.get(f"{API}/rooms/").status_code == 401
    response = anonymous.patch(f"{API}/room/{room.name}/open/", {"open": True}, format="json")
    assert response.status_code == 401 and not stored(room).open
    assert anonymous.post(f"{API}/rooms/", {"name": unique()}, format="json").status_code == 401


def test_wrong_token_is_refused(db: None) -> None:
    room = make_room(config="trust")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.patch(f"{API}/room/{room.name}/open/", {"open": True}, format="json")
    assert response.status_code == 401 and not stored(room).open


def test_non_staff_token_is_refused(outsider: APIClient) -> None:
    room = make_room(config="trust")
    for method, path, body in [
        ("get", "rooms/", None),
        ("patch", "room/{r}/open/", {"open": True}),
        ("post", "rooms/{r}/session/", {"num_participants": 2}),
        ("post", "rooms/{r}/disassociate/", None),
        ("delete", "rooms/{r}/", None),
    ]:
        response = getattr(outsider, method)(f"{API}/{path.format(r=room.name)}", body,
                                             format="json")
        assert response.status_code == 403, (method, path)
    assert snapshot(room) == ("trust", [], None, False, None)
