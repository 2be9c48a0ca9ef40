"""The participant socket: /ws/p/<session_name>/<participant_name>/."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from django.utils import timezone

from participants.models import Participant
from sessions_core.engine.chat import Ticket, chat_history, chat_post, read_ticket
from sessions_core.engine.dropouts import participant_returned
from sessions_core.engine.notify import participant_group, quorum_group
from sessions_core.engine.visit import (
    participant_id_for,
    participant_peek,
    participant_visit,
)
from sessions_core.engine.visit import (
    participant_live as live_visit,
)
from sessions_core.errors import QuorumError
from sessions_core.web.presence import participant_presence
from sessions_core.web.sockets import StrictJsonConsumer
from sessions_core.web.threads import database_call

log = logging.getLogger(__name__)
LIVE_SHAPE = 'send {"type": "live", "page": "<the page\'s position>", "data": ...}'


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


def _returned_then(read: Callable[[int], dict[str, Any] | None],
                   ) -> Callable[[int], dict[str, Any] | None]:
    """A page connecting is a participant back, if they had dropped out (engine/dropouts.py:
    one read per connect, none per heartbeat); then the state as `read` says."""
    def call(participant_id: int) -> dict[str, Any] | None:
        participant_returned(participant_id, timezone.now())
        return read(participant_id)
    return call


class ParticipantConsumer(StrictJsonConsumer):
    """Tells a participant's open page when to move on, makes the participant online, and
    carries the page's live messages, chat and the lab manager's messages.

    Server -> client:
      {"type": "state", "status": "new"|"playing"|"finished", "position": "<app>-<round>-<page>",
       "open": true|false}
          on connect and in reply to a "ping"; a page whose position differs, or whose wait
          page has opened ("open": true), reloads.
      {"type": "advance"}  the wait page the participant is on has opened.
      {"type": "heartbeat"}  reply to a heartbeat.
      {"type": "live", "data": ...}  a live method's message to this page (only to a socket
          opened with at=<the live page's position>: another page never gets it).
      {"type": "chat", "channel": "<id>", "id": n, "sender": <participant id>, "nickname": "...",
       "body": "...", "time": <epoch seconds>}  a chat message in a channel the page joined.
      {"type": "chat_history", "channel": "<id>", "messages": [<chat messages>]}  on joining.
      {"type": "message", "text": "..."}  a message from the lab manager, shown at once.
      {"type": "reload"}  the lab manager reloads the page.
      {"type": "quorum", "present": n, "needed": m, "reached": true|false}  how many are in
          the session's quorum lobby now (only to a socket opened with quorum=1: the lobby's).
      {"type": "error", "detail": "...", "about"?: "live"|"chat"}  the last message was not
          understood or was refused (nothing changed).
    Client -> server:
      {"type": "ping"}     ask for the current state (cheap: no lock, no transaction).
      {"type": "heartbeat"}  keep the participant online (no database at all): what a page
                           that is not a wait page sends (static/quorum/presence.js).
      {"type": "live", "page": "<position>", "data": <any JSON>}  call the live method of the
          page rendered at that position (engine/live.py): refused when the participant is no
          longer there, when the page has none, or when it raises (its changes rolled back).
      {"type": "chat_join", "ticket": "<signed>"}  listen to a chat box's channel.
      {"type": "chat", "ticket": "<signed>", "body": "..."}  post to it (engine/chat.py).
    Query string: on=page for a page that is not a wait page: the state sent on connect is then
    a plain read (participant_peek), as no wait page needs passing; at=<position>: the page's
    position, which live messages to it must name; quorum=1: the quorum lobby's page
    (engine/quorum.py), told the lobby's count as it changes (its state carries the count too).

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
    message_types = ("ping", "heartbeat", "live", "chat_join", "chat")
    at: str | None = None
    chat_groups: set[str] | None = None
    lobby_group: str | None = None

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        participant_id = await database_call(participant_id_for)(
            kwargs["session_name"], kwargs["participant_name"])
        if participant_id is None:
            await self.close(code=4404)
            return
        self.participant_id = participant_id
        self.session_name = kwargs["session_name"]
        await self.channel_layer.group_add(participant_group(participant_id), self.channel_name)
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        read = _peek if query.get("on") == ["page"] else _state_after_connect
        self.at = query.get("at", [None])[0]
        if query.get("quorum") == ["1"]:
            self.lobby_group = quorum_group(self.session_name)
            await self.channel_layer.group_add(self.lobby_group, self.channel_name)
        self.chat_groups = set()
        state = await database_call(_returned_then(read))(participant_id)
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
            for group in self.chat_groups or ():
                await self.channel_layer.group_discard(group, self.channel_name)
            if self.lobby_group is not None:
                await self.channel_layer.group_discard(self.lobby_group, self.channel_name)
        if self.online:
            await participant_presence().leave(self.session_name, self.channel_name,
                                               str(self.participant_id))

    async def _touch(self) -> None:
        await participant_presence().touch(self.session_name, self.channel_name,
                                           str(self.participant_id))

    async def on_message(self, content: dict[str, Any]) -> None:
        assert self.participant_id is not None
        await self._touch()
        kind = content["type"]
        if kind == "heartbeat":
            await self.send_json({"type": "heartbeat"})
        elif kind == "live":
            await self._live(content)
        elif kind in ("chat", "chat_join"):
            await self._chat(content)
        else:
            state = await database_call(_peek)(self.participant_id)
            if state is not None:
                await self.send_json(state)

    async def _live(self, content: dict[str, Any]) -> None:
        assert self.participant_id is not None
        if not isinstance(content.get("page"), str) or "data" not in content:
            await self.send_error(LIVE_SHAPE, about="live")
            return
        try:
            await database_call(live_visit)(
                pk=self.participant_id, at=content["page"], data=content["data"])
        except QuorumError as error:
            await self.send_error(str(error), about="live")
        except Exception as error:  # noqa: BLE001  (the app's live method raised: tell the page)
            log.exception("live method of participant %s raised", self.participant_id)
            await self.send_error(f"the page's live method failed ({type(error).__name__}); "
                                  f"nothing was changed", about="live")

    async def _chat(self, content: dict[str, Any]) -> None:
        assert self.participant_id is not None and self.chat_groups is not None
        try:
            ticket = read_ticket(content.get("ticket"), participant_id=self.participant_id)
            if content["type"] == "chat_join":
                await self._join(ticket)
            else:
                await database_call(chat_post)(ticket=ticket, body=content.get("body"))
        except QuorumError as error:
            await self.send_error(str(error), about="chat")

    async def _join(self, ticket: Ticket) -> None:
        """Listen to the channel, then send its history: a message posted meanwhile is in one
        or the other (the page drops a message it already has, by id)."""
        assert self.chat_groups is not None
        if ticket.group not in self.chat_groups:
            await self.channel_layer.group_add(ticket.group, self.channel_name)
            self.chat_groups.add(ticket.group)
        history = await database_call(chat_history)(ticket=ticket)
        await self.send_json({"type": "chat_history", "channel": ticket.group,
                              "messages": history})

    async def participant_advance(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "advance"})

    async def participant_live(self, event: dict[str, Any]) -> None:
        if self.at is not None and event["at"] == self.at:
            await self.send_json({"type": "live", "data": event["data"]})

    async def participant_chat(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "chat", **event["message"]})

    async def participant_quorum(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "quorum", "present": event["present"],
                              "needed": event["needed"], "reached": event["reached"]})

    async def participant_message(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "message", "text": event["text"]})

    async def participant_reload(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "reload"})
