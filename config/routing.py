"""All WebSocket routes (one consumer per endpoint), and a last route that closes any other path
(the router would raise on it)."""
from channels.generic.websocket import AsyncWebsocketConsumer
from django.urls import path, re_path

import config.converters  # noqa: F401  (registers <name:> and <room_name:>, used below)
from participants.consumers import ParticipantConsumer
from rooms.consumers import RoomConsumer


class NoSuchSocket(AsyncWebsocketConsumer):
    """Any other path, also one whose name cannot be a name: refused with 4404, like an
    unknown room or participant."""

    async def connect(self) -> None:
        await self.close(code=4404)


websocket_urlpatterns = [
    path("ws/p/<name:session_name>/<name:participant_name>/", ParticipantConsumer.as_asgi()),
    path("ws/room/<room_name:room_name>/", RoomConsumer.as_asgi()),
    re_path(r"", NoSuchSocket.as_asgi()),
]
