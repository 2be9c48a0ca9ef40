"""Who is on a room's waiting page right now.

Each open waiting page is a client with an id (and its label, if it has one), in the room's
scope of the presence store that rooms and participants share (sessions_core/web/presence.py:
Redis with REDIS_URL, this process's memory otherwise). A client is online from its socket's
connect until its disconnect, or until its heartbeats stop for PRESENCE_TTL seconds.

When Redis cannot be reached, presence degrades and nothing else does: a touch or a leave that
fails is logged (one line) and the socket carries on, and a read says the list is unavailable
(room_presence: the admin's presence JSON and the API's online endpoint answer 200 with
"available": false, "count": null and a "detail"), never a made-up empty room.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from redis.exceptions import RedisError

from sessions_core.web.presence import (
    HEARTBEAT_SECONDS,
    PRESENCE_TTL,
    MemoryPresence,
    PresenceStore,
    RedisPresence,
    Visitor,
    presence_store,
)

__all__ = ["HEARTBEAT_SECONDS", "PRESENCE_TTL", "MemoryPresence", "RedisPresence", "Roster",
           "Visitor", "presence", "room_presence"]

log = logging.getLogger(__name__)


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


_store: PresenceStore | None = None


def presence() -> PresenceStore:
    """The rooms' presence store (scoped by room name)."""
    global _store
    if _store is None:
        _store = presence_store("room")
    return _store
