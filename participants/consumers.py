"""The participant socket: /ws/p/<session_name>/<participant_name>/."""
from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from participants.models import Participant
from sessions_core import idmap
from sessions_core.flow import lock_participant, position_token, show
from sessions_core.notify import participant_group


def _state(session_name: str, participant_name: str) -> dict[str, Any] | None:
    """The participant's position now, after passing a wait page that has opened."""
    def handle() -> dict[str, Any]:
        with idmap.unit_of_work():
            participant = lock_participant(session_name, participant_name)
            show(participant)
            return {"type": "state", "id": participant.pk, "status": participant.status,
                    "position": position_token(participant)}

    try:
        return idmap.retrying(handle)
    except Participant.DoesNotExist:
        return None


class ParticipantConsumer(AsyncJsonWebsocketConsumer):
    """Tells a participant's open page when to move on.

    Server -> client:
      {"type": "state", "status": "playing"|"finished", "position": "<app>-<round>-<page>"}
          on connect and in reply to a "ping"; a page whose position differs reloads.
      {"type": "advance"}  the wait page the participant is on has opened.
      {"type": "error", "detail": "..."}  the last message was not understood.
    Client -> server:
      {"type": "ping"}     ask for the current state.
    """

    participant_id: int | None = None

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        state = await database_sync_to_async(_state)(kwargs["session_name"],
                                                     kwargs["participant_name"])
        if state is None:
            await self.close(code=4404)
            return
        self.participant_id = state.pop("id")
        await self.channel_layer.group_add(participant_group(self.participant_id),
                                           self.channel_name)
        await self.accept()
        await self.send_json(state)

    async def disconnect(self, code: int) -> None:
        if self.participant_id is not None:
            await self.channel_layer.group_discard(participant_group(self.participant_id),
                                                   self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None,
                      **kwargs: Any) -> None:
        if text_data is None or len(text_data) > 4096:
            await self.send_json({"type": "error", "detail": "send JSON text up to 4096 bytes"})
            return
        await super().receive(text_data=text_data, **kwargs)

    async def decode_json(self, text_data: str) -> Any:
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return None

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict) or content.get("type") != "ping":
            await self.send_json({"type": "error",
                                  "detail": 'unknown message; send {"type": "ping"}'})
            return
        kwargs_ = self.scope["url_route"]["kwargs"]
        state = await database_sync_to_async(_state)(kwargs_["session_name"],
                                                     kwargs_["participant_name"])
        if state is not None:
            state.pop("id")
            await self.send_json(state)

    async def participant_advance(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "advance"})
