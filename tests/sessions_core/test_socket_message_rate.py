"""Every socket bounds its message rate (StrictJsonConsumer's token bucket): messages beyond it
get an error reply and are not processed, and a client that keeps flooding is closed with 4429.
The bucket's clock is moved by hand."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from sessions_core.web.sockets import CLOSE_FLOODING, StrictJsonConsumer
from tests.conftest import make_session, participants_of
from tests.participants.test_participant_socket import socket_of
from tests.querylog import logged_queries
from tests.rooms.conftest import make_room, room_socket

pytestmark = pytest.mark.django_db(transaction=True)

BURST = 3
PING = {"type": "ping"}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """A bucket of 3 messages refilled at 1 a second, on a clock that only moves when told."""
    now = SimpleNamespace(value=1000.0)
    monkeypatch.setattr(StrictJsonConsumer, "clock", staticmethod(lambda: now.value))
    monkeypatch.setattr(StrictJsonConsumer, "burst", BURST)
    monkeypatch.setattr(StrictJsonConsumer, "messages_per_second", 1.0)
    return now


def participant_socket() -> WebsocketCommunicator:
    return socket_of(participants_of(make_session("trust", 2))[0])


async def connected(socket: WebsocketCommunicator) -> WebsocketCommunicator:
    assert (await socket.connect())[0]
    assert (await socket.receive_json_from())["type"] == "state"
    return socket


async def reply_to(socket: WebsocketCommunicator, message: dict) -> dict:
    await socket.send_json_to(message)
    return await socket.receive_json_from()


def test_a_burst_is_served_and_the_message_after_it_is_refused_unprocessed(
        clock: SimpleNamespace) -> None:
    unconnected = participant_socket()

    async def scenario() -> None:
        socket = await connected(unconnected)
        for _ in range(BURST):
            assert (await reply_to(socket, PING))["type"] == "state"
        async with logged_queries() as log:
            refused = await reply_to(socket, PING)
        assert refused == {"type": "error", "detail": "too many messages: send at most 1 a "
                                                      "second; this one was ignored"}
        assert log.queries == []  # not processed: the ping's reads never ran
        await socket.disconnect()

    async_to_sync(scenario)()


def test_the_bucket_refills_with_time(clock: SimpleNamespace) -> None:
    unconnected = participant_socket()

    async def scenario() -> None:
        socket = await connected(unconnected)
        for _ in range(BURST):
            await reply_to(socket, PING)
        assert (await reply_to(socket, PING))["type"] == "error"
        clock.value += 2  # one token for the debt of the refused message, one to spend
        assert (await reply_to(socket, PING))["type"] == "state"
        assert (await reply_to(socket, PING))["type"] == "error"
        clock.value += 60  # refilled to the burst, never beyond
        for _ in range(BURST):
            assert (await reply_to(socket, PING))["type"] == "state"
        assert (await reply_to(socket, PING))["type"] == "error"
        await socket.disconnect()

    async_to_sync(scenario)()


def test_a_steady_client_is_never_refused(clock: SimpleNamespace) -> None:
    unconnected = participant_socket()

    async def scenario() -> None:
        socket = await connected(unconnected)
        for _ in range(50):
            clock.value += 1
            assert (await reply_to(socket, PING))["type"] == "state"
        await socket.disconnect()

    async_to_sync(scenario)()


def test_a_client_that_keeps_flooding_is_closed_with_4429(clock: SimpleNamespace) -> None:
    unconnected = participant_socket()

    async def scenario() -> None:
        socket = await connected(unconnected)
        for _ in range(BURST):
            assert (await reply_to(socket, PING))["type"] == "state"
        for _ in range(BURST - 1):
            assert (await reply_to(socket, PING))["type"] == "error"
        await socket.send_json_to(PING)
        assert await socket.receive_output() == {"type": "websocket.close", "code": CLOSE_FLOODING}
        await socket.wait()

    async_to_sync(scenario)()


def test_junk_counts_towards_the_rate_too(clock: SimpleNamespace) -> None:
    room = make_room(open=False, config="trust")

    async def scenario() -> None:
        socket = room_socket(room)
        assert (await socket.connect())[0]
        assert await socket.receive_json_from() == {"type": "waiting"}
        for _ in range(2 * BURST - 1):
            await socket.send_to(text_data="not json")
            assert (await socket.receive_json_from())["type"] == "error"
        await socket.send_json_to({"type": "heartbeat"})
        assert await socket.receive_output() == {"type": "websocket.close", "code": CLOSE_FLOODING}
        await socket.wait()

    async_to_sync(scenario)()
