"""RoomStarted reaches the room's waiting pages whenever the room becomes accepting, and a socket
that connects afterwards is told at once."""
from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from rooms.services import room_create_session, room_set_capacity, room_set_open, room_update
from tests.rooms.conftest import API, connected, in_sync, join, joined_participant, make_room, run

pytestmark = pytest.mark.django_db(transaction=True)

STARTED = {"type": "RoomStarted"}
WAITING = {"type": "waiting"}


def test_socket_on_a_waiting_room_is_told_to_wait(db: None) -> None:
    room = make_room(config="trust")

    async def scenario() -> None:
        socket, first = await connected(room)
        assert first == WAITING
        assert await socket.receive_nothing()
        await socket.disconnect()

    run(scenario)


def test_session_created_by_the_first_arrival_pushes_room_started(db: None) -> None:
    room = make_room(open=True, config="trust")

    async def scenario() -> None:
        socket, first = await connected(room)
        assert first == STARTED  # the room accepts already
        response = await in_sync(join, Client(), room)
        assert response.status_code == 302
        assert await socket.receive_json_from() == STARTED
        await in_sync(join, Client(), room)  # a second arrival starts nothing new
        assert await socket.receive_nothing()
        await socket.disconnect()

    run(scenario)


def test_session_created_by_the_admin_pushes_room_started(experimenter: Client) -> None:
    room = make_room(config="trust")

    async def scenario() -> None:
        socket, first = await connected(room)
        assert first == WAITING
        response = await in_sync(experimenter.post, f"/admin/rooms/room/{room.pk}/session/",
                                 {"config": "trust", "num_participants": 2})
        assert response.status_code == 302
        assert await socket.receive_json_from() == STARTED
        await socket.disconnect()

    run(scenario)


def test_session_created_over_the_api_pushes_room_started(api: APIClient) -> None:
    room = make_room(config="trust")

    async def scenario() -> None:
        sockets = [(await connected(room))[0] for _ in range(3)]
        response = await in_sync(api.post, f"{API}/rooms/{room.name}/session/",
                                 {"num_participants": 2}, format="json")
        assert response.status_code == 201
        for socket in sockets:
            assert await socket.receive_json_from() == STARTED
            await socket.disconnect()

    run(scenario)


def test_bare_reopen_of_a_room_with_config_and_no_session_pushes_room_started(
        api: APIClient) -> None:
    room = make_room(config="trust")

    async def scenario() -> None:
        socket, first = await connected(room)
        assert first == WAITING
        response = await in_sync(api.patch, f"{API}/room/{room.name}/open/", {"open": True},
                                 format="json")
        assert response.status_code == 200 and response.json()["state"] == "accepting"
        assert await socket.receive_json_from() == STARTED
        await socket.disconnect()

    run(scenario)


def test_admin_open_button_pushes_room_started(experimenter: Client) -> None:
    room = make_room(config="trust")

    async def scenario() -> None:
        socket, _ = await connected(room)
        await in_sync(experimenter.post, f"/admin/rooms/room/{room.pk}/open/", {"open": "true"})
        assert await socket.receive_json_from() == STARTED
        await socket.disconnect()

    run(scenario)


def test_setting_a_config_on_an_open_room_pushes_room_started(api: APIClient) -> None:
    room = make_room(open=True)

    async def scenario() -> None:
        socket, first = await connected(room)
        assert first == WAITING
        response = await in_sync(api.patch, f"{API}/rooms/{room.name}/", {"config": "trust"},
                                 format="json")
        assert response.status_code == 200
        assert await socket.receive_json_from() == STARTED
        await socket.disconnect()

    run(scenario)


def test_reopening_a_room_with_a_running_session_pushes_room_started(db: None) -> None:
    room = make_room(config="trust")
    room_create_session(room_name=room.name, num_participants=2)
    room_set_open(room_name=room.name, open=False)

    async def scenario() -> None:
        socket, first = await connected(room)
        assert first == WAITING
        await in_sync(room_set_open, room_name=room.name, open=True)
        assert await socket.receive_json_from() == STARTED
        await socket.disconnect()

    run(scenario)


def test_changes_that_do_not_start_the_room_push_nothing(db: None) -> None:
    room = make_room(config="trust")

    async def scenario() -> None:
        socket, _ = await connected(room)
        await in_sync(room_update, room_name=room.name, config="public_goods")
        await in_sync(room_set_capacity, room_name=room.name, capacity=5)
        await in_sync(room_set_open, room_name=room.name, open=False)
        assert await socket.receive_nothing()
        await in_sync(room_set_open, room_name=room.name, open=True)
        assert await socket.receive_json_from() == STARTED
        await in_sync(room_set_open, room_name=room.name, open=True)  # already accepting
        await in_sync(room_set_capacity, room_name=room.name, capacity=6)
        assert await socket.receive_nothing()
        await socket.disconnect()

    run(scenario)


def test_socket_connecting_after_the_room_started_is_told_at_once(api: APIClient) -> None:
    room = make_room(config="trust")

    async def scenario() -> None:
        await in_sync(api.patch, f"{API}/room/{room.name}/open/", {"open": True}, format="json")
        late, first = await connected(room)
        assert first == STARTED
        await late.disconnect()

    run(scenario)


def test_socket_connecting_after_a_session_was_created_is_told_at_once(db: None) -> None:
    room = make_room(config="trust")
    room_create_session(room_name=room.name, num_participants=2)

    async def scenario() -> None:
        late, first = await connected(room)
        assert first == STARTED
        await late.disconnect()

    run(scenario)


def test_waiting_page_joins_after_room_started(db: None) -> None:
    """What the page's script does on RoomStarted: submit the join form, and get in."""
    room = make_room(config="trust")
    visitor = Client()

    async def scenario() -> None:
        socket, _ = await connected(room)
        waiting = await in_sync(join, visitor, room)
        assert "Please wait" in waiting.content.decode()
        await in_sync(room_set_open, room_name=room.name, open=True)
        assert await socket.receive_json_from() == STARTED
        participant = await in_sync(joined_participant, await in_sync(join, visitor, room))
        assert participant.id_in_session == 1
        await socket.disconnect()

    run(scenario)
