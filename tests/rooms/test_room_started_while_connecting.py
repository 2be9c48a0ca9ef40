"""A room that opens while a waiting page's socket connects is never missed: the socket joins the
room's group before it reads whether the room accepts, so RoomStarted is either in its first
message or pushed to it. Read first, and an opening in between reached nobody."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

import rooms.consumers as consumers
from rooms.services import room_set_open
from tests.rooms.conftest import make_room, room_socket, run

pytestmark = pytest.mark.django_db(transaction=True)

BOUND = 5  # s: a bound on waiting for a push that was sent already, never a pause


def before_joining_the_group(monkeypatch: pytest.MonkeyPatch, opening: Callable[[], None]) -> None:
    layer = get_channel_layer()
    group_add = layer.group_add

    async def join(group: str, channel: str) -> None:
        await database_sync_to_async(opening)()
        await group_add(group, channel)

    monkeypatch.setattr(layer, "group_add", join)


def after_joining_the_group(monkeypatch: pytest.MonkeyPatch, opening: Callable[[], None]) -> None:
    layer = get_channel_layer()
    group_add = layer.group_add

    async def join(group: str, channel: str) -> None:
        await group_add(group, channel)
        await database_sync_to_async(opening)()

    monkeypatch.setattr(layer, "group_add", join)


def after_reading_the_room(monkeypatch: pytest.MonkeyPatch, opening: Callable[[], None]) -> None:
    read = consumers._room_accepting

    def read_then_open(name: str) -> bool | None:
        accepting = read(name)
        opening()
        return accepting

    monkeypatch.setattr(consumers, "_room_accepting", read_then_open)


STEPS = {
    "before the socket joins the room's group": before_joining_the_group,
    "after it joined, before it reads the room": after_joining_the_group,
    "after it read the room, before it accepts": after_reading_the_room,
}


def messages_until_started(monkeypatch: pytest.MonkeyPatch, step: str) -> list[dict[str, Any]]:
    room = make_room(config="trust")  # closed: waiting
    STEPS[step](monkeypatch, lambda: room_set_open(room_name=room.name, open=True))
    seen: list[dict[str, Any]] = []

    async def scenario() -> None:
        socket = room_socket(room)
        assert (await socket.connect(timeout=BOUND))[0]
        try:
            while not seen or seen[-1] != {"type": "RoomStarted"}:
                seen.append(await socket.receive_json_from(timeout=BOUND))
        except TimeoutError:
            return  # never told: the communicator has stopped the socket
        await socket.disconnect()

    run(scenario)
    return seen


@pytest.mark.parametrize("step", list(STEPS))
def test_a_room_opening_at_any_step_of_connect_reaches_the_socket(
        monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    assert {"type": "RoomStarted"} in messages_until_started(monkeypatch, step)
