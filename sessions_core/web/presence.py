"""Who has a page open right now: the presence store that rooms and participants share.

An open page is a client with an id (and a label) in a scope: a room's waiting pages in the
room's scope; a participant's pages in their session's scope, labelled with the participant's
id. A client is online from its socket's connect until its disconnect, or until its heartbeats
stop for PRESENCE_TTL seconds. With REDIS_URL the store lives in Redis, so every server process
sees the same one; the embedded default keeps it in the one process's memory. Touching presence
never touches the database: it runs on every heartbeat of every open page.

A store made with keep_last_seen also remembers, per label, when it was last seen (a touch or a
leave), for a while after it went offline: the live monitor's "last seen".

When Redis cannot be reached, presence degrades and nothing else does: a touch or a leave that
fails is logged (one line) and the socket carries on; a read raises RedisError, and the caller
says that presence is unavailable (never a made-up empty list).
"""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any

import redis
import redis.asyncio
from django.conf import settings

from sessions_core.db.side_effects import run_logged_async

PRESENCE_TTL = 30.0
HEARTBEAT_SECONDS = 10
PRESENCE_CONNECTIONS = 50  # Redis connections per server process for presence updates
# How long a label's last-seen time is kept after its last touch (Redis expires the key then).
LAST_SEEN_KEPT_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class Visitor:
    client: str
    label: str | None
    last_seen: float


class MemoryPresence:
    """One process's presence (the embedded default)."""

    def __init__(self, kind: str = "room", *, keep_last_seen: bool = False) -> None:
        self.kind = kind
        self.keep_last_seen = keep_last_seen
        self.scopes: dict[str, dict[str, tuple[str | None, float]]] = {}
        self.last: dict[str, dict[str, float]] = {}

    async def touch(self, scope: str, client: str, label: str | None) -> None:
        now = time.time()
        self.scopes.setdefault(scope, {})[client] = (label, now)
        self._remember(scope, label, now)

    async def leave(self, scope: str, client: str, label: str | None = None) -> None:
        self.scopes.get(scope, {}).pop(client, None)
        self._remember(scope, label, time.time())

    def _remember(self, scope: str, label: str | None, now: float) -> None:
        if self.keep_last_seen and label is not None:
            self.last.setdefault(scope, {})[label] = now

    def online(self, scope: str, now: float | None = None) -> list[Visitor]:
        cutoff = (now or time.time()) - PRESENCE_TTL
        entries = self.scopes.get(scope, {})
        return sorted((Visitor(c, label, seen) for c, (label, seen) in entries.items()
                       if seen >= cutoff), key=lambda v: v.last_seen)

    def last_seen(self, scope: str) -> dict[str, float]:
        return dict(self.last.get(scope, {}))


class RedisPresence:
    """Per scope: a sorted set of client ids by last heartbeat, a hash of their labels, and
    (keep_last_seen) a hash of each label's last-seen time."""

    def __init__(self, url: str, kind: str = "room", *, keep_last_seen: bool = False) -> None:
        self.url = url
        self.kind = kind
        self.keep_last_seen = keep_last_seen
        self._async: dict[int, Any] = {}
        self._sync: Any = None

    def _keys(self, scope: str) -> tuple[str, str, str]:
        base = f"quorum:{self.kind}:{scope}"
        return f"{base}:seen", f"{base}:labels", f"{base}:last"

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

    def _remember(self, pipe: Any, last: str, label: str | None, now: float) -> None:
        if self.keep_last_seen and label is not None:
            pipe.hset(last, label, now)
            pipe.expire(last, LAST_SEEN_KEPT_SECONDS)

    async def touch(self, scope: str, client: str, label: str | None) -> None:
        """Mark the client online now (a failure is logged: the socket goes on)."""
        seen, labels, last = self._keys(scope)

        async def write() -> None:
            now = time.time()
            pipe = self._client().pipeline()
            pipe.zadd(seen, {client: now})
            pipe.hset(labels, client, json.dumps(label))
            pipe.zremrangebyscore(seen, "-inf", now - PRESENCE_TTL)
            self._remember(pipe, last, label, now)
            await pipe.execute()

        await run_logged_async(f"presence touch in {self.kind} {scope}", write)

    async def leave(self, scope: str, client: str, label: str | None = None) -> None:
        """Mark the client gone (a failure is logged: the entry then expires after the TTL)."""
        seen, labels, last = self._keys(scope)

        async def write() -> None:
            pipe = self._client().pipeline()
            pipe.zrem(seen, client)
            pipe.hdel(labels, client)
            self._remember(pipe, last, label, time.time())
            await pipe.execute()

        await run_logged_async(f"presence leave in {self.kind} {scope}", write)

    def _reader(self) -> Any:
        if self._sync is None:
            self._sync = redis.Redis.from_url(self.url)
        return self._sync

    def online(self, scope: str, now: float | None = None) -> list[Visitor]:
        """Who is online (raises RedisError when Redis cannot be reached)."""
        seen, labels, _ = self._keys(scope)
        rows = self._reader().zrangebyscore(seen, (now or time.time()) - PRESENCE_TTL, "+inf",
                                            withscores=True)
        if not rows:
            return []
        names = [client for client, _ in rows]
        stored = self._reader().hmget(labels, names)
        return [Visitor(client.decode(), json.loads(raw) if raw else None, score)
                for (client, score), raw in zip(rows, stored, strict=True)]

    def last_seen(self, scope: str) -> dict[str, float]:
        """Each label's last-seen time (raises RedisError when Redis cannot be reached)."""
        _, _, last = self._keys(scope)
        return {label.decode(): float(seen)
                for label, seen in self._reader().hgetall(last).items()}


PresenceStore = MemoryPresence | RedisPresence


def presence_store(kind: str, *, keep_last_seen: bool = False) -> PresenceStore:
    """A new store of this kind: in Redis with REDIS_URL, else in this process's memory.
    Each kind's module keeps the one it uses (rooms/presence.py, participant presence)."""
    if settings.REDIS_URL:
        return RedisPresence(settings.REDIS_URL, kind, keep_last_seen=keep_last_seen)
    return MemoryPresence(kind, keep_last_seen=keep_last_seen)


_participant_store: PresenceStore | None = None


def participant_presence() -> PresenceStore:
    """Participants' open pages, scoped by session name and labelled with the participant's id."""
    global _participant_store
    if _participant_store is None:
        _participant_store = presence_store("session", keep_last_seen=True)
    return _participant_store
