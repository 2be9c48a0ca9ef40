"""Who is on a room's waiting page right now.

Each open waiting page is a client with an id (and its label, if it has one). A client is online
from its socket's connect until its disconnect, or until its heartbeats stop for PRESENCE_TTL
seconds. With REDIS_URL the list lives in Redis, so every server process sees the same one; the
embedded default keeps it in the one process's memory.

When Redis cannot be reached, presence degrades and nothing else does: a touch or a leave that
fails is logged (one line) and the socket carries on, and a read says the list is unavailable
(room_presence: the admin's presence JSON and the API's online endpoint answer 200 with
"available": false, "count": null and a "detail"), never a made-up empty room.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass
from typing import Any

import redis
import redis.asyncio
from django.conf import settings
from redis.exceptions import RedisError

from sessions_core.db.side_effects import run_logged_async

log = logging.getLogger(__name__)

PRESENCE_TTL = 30.0
HEARTBEAT_SECONDS = 10
PRESENCE_CONNECTIONS = 50  # Redis connections per server process for presence updates


@dataclass(frozen=True)
class Visitor:
    client: str
    label: str | None
    last_seen: float


class MemoryPresence:
    def __init__(self) -> None:
        self.rooms: dict[str, dict[str, tuple[str | None, float]]] = {}

    async def touch(self, room: str, client: str, label: str | None) -> None:
        self.rooms.setdefault(room, {})[client] = (label, time.time())

    async def leave(self, room: str, client: str) -> None:
        self.rooms.get(room, {}).pop(client, None)

    def online(self, room: str, now: float | None = None) -> list[Visitor]:
        cutoff = (now or time.time()) - PRESENCE_TTL
        entries = self.rooms.get(room, {})
        return sorted((Visitor(c, label, seen) for c, (label, seen) in entries.items()
                       if seen >= cutoff), key=lambda v: v.last_seen)


class RedisPresence:
    """A sorted set of client ids by last heartbeat, and a hash of their labels, per room."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._async: dict[int, Any] = {}
        self._sync: Any = None

    def _keys(self, room: str) -> tuple[str, str]:
        return f"quorum:room:{room}:seen", f"quorum:room:{room}:labels"

    def _client(self) -> Any:
        """One asyncio client per event loop (a client cannot cross loops)."""
        loop = id(asyncio.get_running_loop())
        if loop not in self._async:
            # When a room opens, all its waiting pages leave at once: a burst must queue for a
            # connection. redis-py's default pool raises "Too many connections" instead once
            # 100 are busy, which skipped the leave and left those visitors online.
            pool = redis.asyncio.BlockingConnectionPool.from_url(
                self.url, max_connections=PRESENCE_CONNECTIONS, timeout=PRESENCE_TTL)
            self._async[loop] = redis.asyncio.Redis(connection_pool=pool)
        return self._async[loop]

    async def touch(self, room: str, client: str, label: str | None) -> None:
        """Mark the client online now (a failure is logged: the socket goes on)."""
        seen, labels = self._keys(room)

        async def write() -> None:
            pipe = self._client().pipeline()
            pipe.zadd(seen, {client: time.time()})
            pipe.hset(labels, client, json.dumps(label))
            pipe.zremrangebyscore(seen, "-inf", time.time() - PRESENCE_TTL)
            await pipe.execute()

        await run_logged_async(f"presence touch in room {room}", write)

    async def leave(self, room: str, client: str) -> None:
        """Mark the client gone (a failure is logged: the entry then expires after the TTL)."""
        seen, labels = self._keys(room)

        async def write() -> None:
            pipe = self._client().pipeline()
            pipe.zrem(seen, client)
            pipe.hdel(labels, client)
            await pipe.execute()

        await run_logged_async(f"presence leave in room {room}", write)

    def online(self, room: str, now: float | None = None) -> list[Visitor]:
        """Who is online (raises RedisError when Redis cannot be reached: see room_presence)."""
        if self._sync is None:
            self._sync = redis.Redis.from_url(self.url)
        seen, labels = self._keys(room)
        rows = self._sync.zrangebyscore(seen, (now or time.time()) - PRESENCE_TTL, "+inf",
                                        withscores=True)
        if not rows:
            return []
        names = [client for client, _ in rows]
        stored = self._sync.hmget(labels, names)
        return [Visitor(client.decode(), json.loads(raw) if raw else None, score)
                for (client, score), raw in zip(rows, stored, strict=True)]


@dataclass(frozen=True)
class Roster:
    """Who is on a room's waiting page, or why that cannot be told (`unavailable`)."""

    visitors: list[Visitor]
    unavailable: str = ""

    def as_json(self) -> dict[str, Any]:
        if self.unavailable:
            return {"available": False, "count": None, "online": [], "detail": self.unavailable}
        return {"available": True, "count": len(self.visitors), "online": [
            {"client": v.client, "label": v.label, "last_seen": v.last_seen}
            for v in self.visitors]}


def room_presence(room_name: str) -> Roster:
    """The room's online list for the admin and the API; a Redis failure is logged and said."""
    try:
        return Roster(presence().online(room_name))
    except RedisError as error:
        log.warning("presence read in room %s failed: %s: %s", room_name,
                    type(error).__name__, error)
        return Roster([], unavailable="presence is unavailable: Redis cannot be reached "
                                      f"({type(error).__name__}: {error})")


_store: MemoryPresence | RedisPresence | None = None


def presence() -> MemoryPresence | RedisPresence:
    global _store
    if _store is None:
        _store = RedisPresence(settings.REDIS_URL) if settings.REDIS_URL else MemoryPresence()
    return _store
