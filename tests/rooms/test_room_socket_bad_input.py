"""The room socket answers junk with an error message and goes on; bad connections are closed
with a code that says why."""
from __future__ import annotations

import json

import pytest
from channels.testing import WebsocketCommunicator

from rooms.models import Room
from tests.rooms.conftest import client_id, connected, in_sync, make_room, room_socket, run

pytestmark = pytest.mark.django_db(transaction=True)

JUNK_TEXT = [
    "not json",
    "{",
    "",
    "null",
    "42",
    '"heartbeat"',
    "[]",
    json.dumps([{"type": "heartbeat"}]),
    json.dumps({}),
    json.dumps({"type": "join"}),
    json.dumps({"type": "RoomStarted"}),
    json.dumps({"type": None}),
    json.dumps({"type": "heartbeat", "pad": "x" * 2000}),
]


async def send_text(socket: WebsocketCommunicator, text: str) -> None:
    """A text frame as a browser may send it (the communicator's send_to refuses empty ones)."""
    await socket.send_input({"type": "websocket.receive", "text": text})


@pytest.mark.parametrize("junk", JUNK_TEXT)
def test_junk_text_gets_an_error_and_the_socket_goes_on(db: None, junk: str) -> None:
    room = make_room(config="trust")

    async def scenario() -> None:
        socket, _ = await connected(room)
        await send_text(socket, junk)
        reply = await socket.receive_json_from()
        assert reply["type"] == "error" and reply["detail"]
        await socket.send_json_to({"type": "heartbeat"})
        assert await socket.receive_json_from() == {"type": "heartbeat"}
        await socket.disconnect()

    run(scenario)


def test_binary_frames_get_an_error(db: None) -> None:
    room = make_room(config="trust")

    async def scenario() -> None:
        socket, _ = await connected(room)
        await socket.send_to(bytes_data=b"\x00\x01junk")
        assert (await socket.receive_json_from())["type"] == "error"
        await socket.send_json_to({"type": "heartbeat"})
        assert await socket.receive_json_from() == {"type": "heartbeat"}
        await socket.disconnect()

    run(scenario)


def test_junk_changes_nothing(db: None) -> None:
    room = make_room(config="trust")

    async def scenario() -> None:
        socket, _ = await connected(room)
        for junk in JUNK_TEXT:
            await send_text(socket, junk)
            assert (await socket.receive_json_from())["type"] == "error"
        await socket.disconnect()

    run(scenario)
    after = Room.objects.get(pk=room.pk)
    assert (after.open, after.session_id) == (False, None)


def test_unknown_room_socket_is_closed_with_4404(db: None) -> None:
    async def scenario() -> None:
        accepted, code = await room_socket("no-such-room").connect()
        assert (accepted, code) == (False, 4404)

    run(scenario)


@pytest.mark.parametrize("query", [
    "",
    "client=",
    "client=short",
    "client=" + "x" * 65,
    "client=has%20space%20in%20it",
    "client=abc%2F123456789",
    "client=abcdefgh12345678&label=has%20space",
    "client=abcdefgh12345678&label=" + "L" * 129,
])
def test_bad_client_or_label_is_closed_with_4400(db: None, query: str) -> None:
    room = make_room(config="trust")

    async def scenario() -> None:
        accepted, code = await room_socket(room, query=query).connect()
        assert (accepted, code) == (False, 4400)

    run(scenario)


def test_socket_from_another_site_is_refused(db: None) -> None:
    from config.asgi import application

    room = make_room(config="trust")

    async def scenario() -> None:
        socket = WebsocketCommunicator(application, f"/ws/room/{room.name}/?client={client_id()}",
                                       headers=[(b"origin", b"http://evil.example")])
        accepted, _ = await socket.connect()
        assert not accepted

    run(scenario)


def test_a_refused_socket_is_not_online(db: None) -> None:
    from rooms.presence import presence

    room = make_room(config="trust")

    async def scenario() -> None:
        await room_socket(room, query="client=short").connect()
        assert await in_sync(presence().online, room.name) == []

    run(scenario)
