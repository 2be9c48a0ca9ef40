"""The participant socket: /ws/p/<session_name>/<participant_name>/."""
from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async

from participants.models import Participant
from sessions_core.engine.notify import participant_group
from sessions_core.engine.visit import participant_id_for, participant_peek, participant_visit
from sessions_core.web.presence import participant_presence
from sessions_core.web.sockets import StrictJsonConsumer


def _state_after_connect(participant_id: int) -> dict[str, Any] | None:
    """The position now, passing a wait page that has opened (never starting a participant)."""
    try:
        visit = participant_visit(pk=participant_id, start=False, render=False)
    except Participant.DoesNotExist:
        return None
    return {"type": "state", **visit.state, "open": False}


def _peek(participant_id: int) -> dict[str, Any] | None:
    state = participant_peek(participant_id)
    return None if state is None else {"type": "state", **state}


class ParticipantConsumer(StrictJsonConsumer):
    """Tells a participant's open page when to move on, and makes the participant online.

    Server -> client:
      {"type": "state", "status": "new"|"playing"|"finished", "position": "<app>-<round>-<page>",
       "open": true|false}
          on connect and in reply to a "ping"; a page whose position differs, or whose wait
          page has opened ("open": true), reloads.
      {"type": "advance"}  the wait page the participant is on has opened.
      {"type": "heartbeat"}  reply to a heartbeat.
      {"type": "error", "detail": "..."}  the last message was not understood.
    Client -> server:
      {"type": "ping"}     ask for the current state (cheap: no lock, no transaction).
      {"type": "heartbeat"}  keep the participant online (no database at all): what a page
                           that is not a wait page sends (static/quorum/presence.js).
    Query string: on=page for a page that is not a wait page: the state sent on connect is then
    a plain read (participant_peek), as no wait page needs passing.

    On connect the socket joins the participant's group before it reads the state, so an
    "advance" sent while it connects is either received or already in the state it sends.
    Presence (sessions_core/web/presence.py, no database): the connect, every ping and every
    heartbeat mark this socket online in the session's scope, labelled with the participant's
    id; the disconnect marks it gone. A presence update that fails is logged and the socket
    goes on.
    When the channel layer (Redis) cannot be reached the socket is closed with 4503, a
    handshake refused (StrictJsonConsumer): the page then polls its state URL and reconnects
    later.
    """

    participant_id: int | None = None
    session_name = ""
    online = False
    max_bytes = 4096
    message_types = ("ping", "heartbeat")

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        participant_id = await database_sync_to_async(participant_id_for)(
            kwargs["session_name"], kwargs["participant_name"])
        if participant_id is None:
            await self.close(code=4404)
            return
        self.participant_id = participant_id
        self.session_name = kwargs["session_name"]
        await self.channel_layer.group_add(participant_group(participant_id), self.channel_name)
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        read = _peek if query.get("on") == ["page"] else _state_after_connect
        state = await database_sync_to_async(read)(participant_id)
        if state is None:
            await self.close(code=4404)
            return
        await self.accept()
        self.online = True
        await self._touch()
        await self.send_json(state)

    async def disconnect(self, code: int) -> None:
        if self.participant_id is not None:
            await self.channel_layer.group_discard(participant_group(self.participant_id),
                                                   self.channel_name)
        if self.online:
            await participant_presence().leave(self.session_name, self.channel_name,
                                               str(self.participant_id))

    async def _touch(self) -> None:
        await participant_presence().touch(self.session_name, self.channel_name,
                                           str(self.participant_id))

    async def on_message(self, content: dict[str, Any]) -> None:
        assert self.participant_id is not None
        await self._touch()
        if content["type"] == "heartbeat":
            await self.send_json({"type": "heartbeat"})
            return
        state = await database_sync_to_async(_peek)(self.participant_id)
        if state is not None:
            await self.send_json(state)

    async def participant_advance(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "advance"})
