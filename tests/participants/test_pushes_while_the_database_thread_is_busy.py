"""A push reaches an open page while the process's database thread is busy.

Every database_sync_to_async call of a server process runs in one thread, one after the other.
Channels' own dispatch ran close_old_connections in that thread before handing any message to
its handler, so a push (a wait page's advance, a live answer, a chat message) or a heartbeat
waited behind every database call queued before it. Quorum's sockets skip that step
(StrictJsonConsumer.dispatch): here the thread is held by a call that waits for the test, and
the push must still arrive."""
from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from sessions_core.engine.notify import participant_group
from tests.conftest import make_session, participants_of, visit
from tests.participants.test_participant_socket import socket_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def empty_channel_layer() -> Iterator[None]:
    async_to_sync(get_channel_layer().flush)()
    yield
    async_to_sync(get_channel_layer().flush)()


def test_a_push_and_a_heartbeat_do_not_wait_for_the_database_thread() -> None:
    participant = participants_of(make_session("trust", 2))[0]
    visit(participant)
    release = threading.Event()
    holding = threading.Event()

    def hold_the_database_thread() -> None:
        holding.set()
        release.wait(timeout=30)

    async def scenario() -> None:
        socket = socket_of(participant)
        assert (await socket.connect())[0]
        assert (await socket.receive_json_from())["type"] == "state"
        busy = asyncio.ensure_future(database_sync_to_async(hold_the_database_thread)())
        assert await asyncio.to_thread(holding.wait, 10)  # the call has the thread now
        try:
            await get_channel_layer().group_send(participant_group(participant.pk),
                                                 {"type": "participant.live", "at": "x",
                                                  "data": None})
            await get_channel_layer().group_send(participant_group(participant.pk),
                                                 {"type": "participant.message", "text": "hi"})
            assert await socket.receive_json_from(timeout=5) == {"type": "message", "text": "hi"}
            await socket.send_json_to({"type": "heartbeat"})
            assert await socket.receive_json_from(timeout=5) == {"type": "heartbeat"}
            assert not busy.done()
        finally:
            release.set()
            await busy
        await socket.disconnect()

    async_to_sync(scenario)()
