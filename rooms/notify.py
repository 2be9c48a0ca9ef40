"""Pushes to a room's waiting pages, sent after commit, and the channel group they go to."""
from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from sessions_core.db.side_effects import after_commit


def room_group(room_name: str) -> str:
    """The channel-layer group of a room's waiting pages."""
    return f"room-{room_name}"


def push_room_started(room_name: str) -> None:
    """Tell the room's waiting pages to join, now (raises if the layer cannot be reached)."""
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(room_group(room_name), {"type": "room.started"})


def announce_room_started(room_name: str) -> None:
    """RoomStarted after the commit; a failed push is logged, and the waiting pages find out
    by their poll."""
    after_commit("RoomStarted push", lambda: push_room_started(room_name))
