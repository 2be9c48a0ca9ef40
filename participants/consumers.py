"""The participant socket: /ws/p/<session_name>/<participant_name>/."""
from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async

from participants.models import Participant
from sessions_core.flow import participant_position
from sessions_core.notify import participant_group
from sessions_core.sockets import StrictJsonConsumer


def _state(session_name: str, participant_name: str) -> dict[str, Any] | None:
    try:
        return {"type": "state", **participant_position(session_name, participant_name)}
    except Participant.DoesNotExist:
        return None


class ParticipantConsumer(StrictJsonConsumer):
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
    max_bytes = 4096
    message_types = ("ping",)

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

    async def on_message(self, content: dict[str, Any]) -> None:
        kwargs_ = self.scope["url_route"]["kwargs"]
        state = await database_sync_to_async(_state)(kwargs_["session_name"],
                                                     kwargs_["participant_name"])
        if state is not None:
            state.pop("id")
            await self.send_json(state)

    async def participant_advance(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "advance"})
