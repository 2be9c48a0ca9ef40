"""Pushes to a room's waiting pages (called after commit)."""
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


def push_room_started(room_name: str) -> None:
    from rooms.services import room_group

    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(room_group(room_name), {"type": "room.started"})
