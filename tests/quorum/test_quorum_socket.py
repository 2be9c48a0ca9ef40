"""The quorum lobby's page is told by its socket how many are present as people arrive, and to
move on when the quorum is reached (the push; the ping's answer carries the count too)."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from config.asgi import application
from participants.models import Participant
from tests.conftest import make_session, participants_of, visit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def empty_channel_layer() -> Iterator[None]:
    async_to_sync(get_channel_layer().flush)()
    yield
    async_to_sync(get_channel_layer().flush)()


def lobby_socket(participant: Participant) -> WebsocketCommunicator:
    return WebsocketCommunicator(
        application, f"/ws/p/{participant.session.name}/{participant.name}/?quorum=1",
        headers=[(b"origin", b"http://testserver")])


def test_the_lobby_counts_up_by_push_and_moves_everyone_on_at_the_quorum() -> None:
    session = make_session("quorum3", 3)
    first, second, third = participants_of(session)
    other_session = participants_of(make_session("quorum3", 3))[0]
    visit(first)
    visit(other_session)

    async def scenario() -> None:
        socket = lobby_socket(first)
        stranger = lobby_socket(other_session)
        for each in (socket, stranger):
            assert (await each.connect())[0]
            state = await each.receive_json_from()
            assert (state["type"], state["status"]) == ("state", "new")
        await database_sync_to_async(visit)(second)
        assert await socket.receive_json_from() == {"type": "quorum", "present": 2, "needed": 3,
                                                    "reached": False}
        await socket.send_json_to({"type": "ping"})
        pong = await socket.receive_json_from()
        assert pong["quorum"] == {"present": 2, "needed": 3} and pong["status"] == "new"
        await database_sync_to_async(visit)(third)
        told = [await socket.receive_json_from(), await socket.receive_json_from()]
        assert {"type": "advance"} in told
        assert {"type": "quorum", "present": 3, "needed": 3, "reached": True} in told
        # Another session's lobby hears nothing of it.
        assert await stranger.receive_nothing()
        for each in (socket, stranger):
            await each.disconnect()

    async_to_sync(scenario)()
    assert Participant.objects.get(pk=first.pk).status == Participant.Status.PLAYING
