"""The room socket: /ws/room/<room_name>/?client=<id>&label=<label>."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs

from django.core.exceptions import ValidationError

from rooms.models import ROOM_NAME_VALIDATOR, Room, label_problem
from rooms.notify import room_group
from rooms.presence import presence
from sessions_core.web.sockets import StrictJsonConsumer
from sessions_core.web.threads import database_call

CLIENT_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def _valid_room_name(name: str) -> bool:
    try:
        ROOM_NAME_VALIDATOR(name)
    except ValidationError:
        return False
    return True


def _room_accepting(name: str) -> bool | None:
    room = Room.objects.filter(name=name).only("open", "config").first()
    return None if room is None else room.is_accepting


class RoomConsumer(StrictJsonConsumer):
    """A waiting page's line to its room: presence, and the signal to join.

    Server -> client:
      {"type": "RoomStarted"}             the room accepts participants now: submit the join
                                          form (sent at once on connect if it already does)
      {"type": "waiting"}                 on connect, while the room is waiting
      {"type": "heartbeat"}               reply to a heartbeat
      {"type": "error", "detail": "..."}  the last message was not understood (nothing changed)
    Client -> server:
      {"type": "heartbeat"}               every HEARTBEAT_SECONDS; keeps the visitor online
    Query string: client (8-64 of A-Za-z0-9_-, the page's random id), label (optional).

    When the channel layer (Redis) cannot be reached the socket is closed with 4503, a handshake
    refused (StrictJsonConsumer): the page then polls the room's state URL and reconnects later.
    A presence update that fails is logged and the socket goes on (rooms/presence.py).
    """

    room_name: str = ""
    message_types = ("heartbeat",)
    client: str = ""
    label: str | None = None

    async def connect(self) -> None:
        self.room_name = self.scope["url_route"]["kwargs"]["room_name"]
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        self.client = (query.get("client") or [""])[0]
        label = (query.get("label") or [""])[0] or None
        if not CLIENT_PATTERN.match(self.client) or (label and label_problem(label)):
            await self.close(code=4400)
            return
        self.label = label
        if not _valid_room_name(self.room_name):
            await self.close(code=4404)  # no such room; and not a name a group may carry
            return
        # Join the group before reading the room, so that a RoomStarted sent meanwhile is either
        # received or already in what the read says (read first, it could reach nobody).
        await self.channel_layer.group_add(room_group(self.room_name), self.channel_name)
        accepting = await database_call(_room_accepting)(self.room_name)
        if accepting is None:
            await self.channel_layer.group_discard(room_group(self.room_name), self.channel_name)
            await self.close(code=4404)
            return
        await self.accept()
        await presence().touch(self.room_name, self.client, self.label)
        await self.send_json({"type": "RoomStarted" if accepting else "waiting"})

    async def disconnect(self, code: int) -> None:
        if self.client and self.room_name:
            await self.channel_layer.group_discard(room_group(self.room_name), self.channel_name)
            await presence().leave(self.room_name, self.client)

    async def on_message(self, content: dict[str, Any]) -> None:
        await presence().touch(self.room_name, self.client, self.label)
        await self.send_json({"type": "heartbeat"})

    async def room_started(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "RoomStarted"})
