"""When a room opens, every waiting page leaves at once: on the production path (presence in
Redis) each of them must still go offline, and a crowd arriving at once must all be online.

This talks to Redis directly through the room's presence store (no server process): a server
process runs every socket's connect and disconnect on one event loop, as here.
"""
from __future__ import annotations

import asyncio
import os
import secrets

import pytest

from rooms.presence import RedisPresence, Visitor
from tests.e2e.conftest import NEEDS_REDIS

BURST = 300  # more than redis-py's default pool of 100 connections


def test_a_crowd_arriving_and_leaving_at_once_is_online_then_offline() -> None:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip(NEEDS_REDIS)
    store = RedisPresence(url)
    room = f"burst-{secrets.token_hex(4)}"
    clients = [f"client-{i:04d}" for i in range(BURST)]

    async def arrive_then_leave() -> tuple[list[Visitor], list[Visitor]]:
        await asyncio.gather(*(store.touch(room, c, f"seat-{c[-4:]}") for c in clients))
        present = await asyncio.to_thread(store.online, room)
        await asyncio.gather(*(store.leave(room, c) for c in clients))
        return present, await asyncio.to_thread(store.online, room)

    present, after = asyncio.run(arrive_then_leave())

    assert sorted(v.client for v in present) == clients
    assert {v.label for v in present} == {f"seat-{c[-4:]}" for c in clients}
    assert after == []
