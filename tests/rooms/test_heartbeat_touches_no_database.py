"""A room's waiting page sends a heartbeat every few seconds: it updates presence (memory or
Redis) and never touches the database."""
from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync

from tests.querylog import logged_queries
from tests.rooms.conftest import make_room, room_socket

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_heartbeat_runs_no_query() -> None:
    room = make_room(open=False, config="trust")

    async def scenario() -> None:
        socket = room_socket(room)
        assert (await socket.connect())[0]
        assert await socket.receive_json_from() == {"type": "waiting"}
        async with logged_queries() as log:
            await socket.send_json_to({"type": "heartbeat"})
            assert await socket.receive_json_from() == {"type": "heartbeat"}
        await socket.disconnect()
        assert log.queries == []

    async_to_sync(scenario)()
