"""A refusal's kind, not its wording, picks the status code: the rooms services raise
RoomInvalid (400), RoomConflict (409) or RoomNotFound (404), and the API answers each kind's
status with {"detail", "field"}."""
from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from rooms import api as rooms_api
from rooms.services import (
    RoomConflict,
    RoomError,
    RoomInvalid,
    RoomNotFound,
    room_create,
    room_create_session,
    room_disassociate,
    room_set_capacity,
    room_set_open,
    room_update,
)
from sessions_core.errors import Conflict, InvalidRequest, NotFound, QuorumError
from tests.rooms.conftest import API, join, joined_participant, make_room, stored


def test_each_room_error_is_a_quorum_error_of_one_kind() -> None:
    assert issubclass(RoomError, QuorumError)
    assert issubclass(RoomInvalid, InvalidRequest) and RoomInvalid.kind == "invalid"
    assert issubclass(RoomConflict, Conflict) and RoomConflict.kind == "conflict"
    assert issubclass(RoomNotFound, NotFound) and RoomNotFound.kind == "not_found"


def test_a_taken_name_is_a_conflict(db: None) -> None:
    room = make_room()
    with pytest.raises(RoomConflict) as error:
        room_create(name=room.name)
    assert error.value.field == "name"


def test_a_bad_value_is_invalid(db: None) -> None:
    room = make_room()
    with pytest.raises(RoomInvalid) as error:
        room_update(room_name=room.name, labels=["has space"])
    assert error.value.field == "labels"
    with pytest.raises(RoomInvalid):
        room_update(room_name=room.name, colour="blue")
    with pytest.raises(RoomInvalid):
        room_create_session(room_name=room.name, num_participants=2)  # no config to run


def test_a_setting_while_a_session_is_associated_is_a_conflict(db: None) -> None:
    room = make_room(config="trust", open=True)
    joined_participant(join(Client(), room))
    with pytest.raises(RoomConflict):
        room_update(room_name=room.name, labels=["A1"])
    with pytest.raises(RoomConflict) as error:
        room_create_session(room_name=room.name, num_participants=2)
    assert error.value.field == "session"


@pytest.mark.parametrize("call", [
    lambda: room_update(room_name="no-such-room", open=True),
    lambda: room_set_open(room_name="no-such-room", open=False),
    lambda: room_set_capacity(room_name="no-such-room", capacity=3),
    lambda: room_create_session(room_name="no-such-room", num_participants=2),
    lambda: room_disassociate(room_name="no-such-room"),
])
def test_a_missing_room_is_not_found(db: None, call: object) -> None:
    with pytest.raises(RoomNotFound, match="no room 'no-such-room'"):
        call()  # type: ignore[operator]


@pytest.mark.parametrize("method, path, body, code, field", [
    ("post", "rooms/", {"name": "{r}"}, 409, "name"),
    ("patch", "rooms/{r}/", {"labels": ["A1"]}, 409, "labels"),
    ("post", "rooms/", {"name": "{r}-2", "config": "nope"}, 400, "config"),
    ("post", "rooms/{r}/session/", {"num_participants": 2}, 409, "session"),
])
def test_the_api_answers_each_kind_with_its_status(api: APIClient, method: str, path: str,
                                                   body: dict, code: int, field: str) -> None:
    room = make_room(config="trust", open=True)
    joined_participant(join(Client(), room))
    body = {k: v.format(r=room.name) if isinstance(v, str) else v for k, v in body.items()}
    response = getattr(api, method)(f"{API}/{path.format(r=room.name)}", body, format="json")
    assert response.status_code == code, response.json()
    assert response.json()["field"] == field
    assert stored(room).labels == [] and stored(room).config == "trust"


def test_a_room_deleted_under_a_request_is_a_404(api: APIClient,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The view found the room, then it was deleted before the service locked it."""
    room = make_room(config="trust")
    original = rooms_api.RoomScopedApi.initial

    def initial_then_delete(self: object, request: object, *args: object, **kwargs: object) -> None:
        original(self, request, *args, **kwargs)  # type: ignore[arg-type]
        stored(room).delete()

    monkeypatch.setattr(rooms_api.RoomScopedApi, "initial", initial_then_delete)
    response = api.patch(f"{API}/rooms/{room.name}/open/", {"open": True}, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": f"no room {room.name!r}"}
