"""Pushes to participants' open pages over the channel layer, sent after commit.

The participant socket (participants/consumers.py) joins participant_group(id); a wait page
that opens tells the other members' pages to move on with notify_advance_after_commit; a live
method's answers go with notify_live_after_commit (engine/live.py); a chat message to the
sockets of its channel (chat_group) with notify_chat_after_commit (engine/chat.py); the lab
manager's messages and reloads with notify_message and notify_reload (engine/messages.py).
"""
from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from sessions_core.db.side_effects import after_commit

if TYPE_CHECKING:
    from participants.models import Participant

_quiet: ContextVar[bool] = ContextVar("quorum_quiet", default=False)


def participant_socket_path(participant: Participant) -> str:
    """The path of the participant socket (routed in config/routing.py)."""
    return f"/ws{participant.get_absolute_url()}"


def participant_group(participant_id: int) -> str:
    """The channel-layer group of one participant's open pages."""
    return f"participant-{participant_id}"


@contextmanager
def quiet() -> Iterator[None]:
    """No pushes (the in-process bot runner has no browsers to tell)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


# Pushes in flight at once. One after the other, each push waited for a turn of the server's
# busy event loop, while the pages already told reloaded: with 300 waiting pages the last was told
# seconds later (bench/RESULTS.md, "Wait pages"). All at once could open as many Redis connections.
PUSHES_AT_ONCE = 64


def notify_advance(participant_ids: list[int]) -> None:
    """Tell these participants' pages that their wait page opened (now; raises the first error
    when the layer cannot be reached: callers go through notify_advance_after_commit)."""
    _send_all([(participant_group(pid), {"type": "participant.advance"})
               for pid in participant_ids])


def _send_all(messages: list[tuple[str, dict[str, Any]]]) -> None:
    """group_send each (group, message), PUSHES_AT_ONCE at a time; raises the first error."""
    layer = get_channel_layer()
    if layer is None or not messages:
        return

    async def send_all() -> None:
        gate = asyncio.Semaphore(PUSHES_AT_ONCE)

        async def send(group: str, message: dict[str, Any]) -> None:
            async with gate:
                await layer.group_send(group, message)

        sent = await asyncio.gather(*(send(group, message) for group, message in messages),
                                    return_exceptions=True)
        for outcome in sent:
            if isinstance(outcome, BaseException):
                raise outcome

    async_to_sync(send_all)()


def notify_advance_after_commit(participant_ids: list[int]) -> None:
    """Schedule the advance push for after the commit; a failed push is logged, and the pages
    find out by their next ping or poll."""
    if participant_ids and not _quiet.get():
        ids = list(participant_ids)
        after_commit("advance push", lambda: notify_advance(ids))


@dataclass(frozen=True)
class LivePush:
    """A live method's message to one participant's page at position `at` (the live page they
    share with the sender): only a socket opened by a page at that position passes it on."""

    participant_id: int
    at: str
    data: Any


def notify_live_after_commit(pushes: list[LivePush]) -> None:
    """Send a live method's messages once its transaction has committed (a live method that
    raised sends nothing); a failed push is logged."""
    if pushes and not _quiet.get():
        messages = [(participant_group(p.participant_id),
                     {"type": "participant.live", "at": p.at, "data": p.data}) for p in pushes]
        after_commit("live push", lambda: _send_all(messages))


def chat_group(session_id: int, channel: str) -> str:
    """The channel-layer group of the pages showing one chat channel of a session (a hash: a
    channel may be any text, a group name only ASCII letters, digits, - _ . under 100)."""
    digest = hashlib.sha256(f"{session_id}:{channel}".encode()).hexdigest()[:40]
    return f"chat-{digest}"


def notify_chat_after_commit(session_id: int, channel: str, message: dict[str, Any]) -> None:
    """Send a stored chat message to every page showing its channel, after the commit."""
    if not _quiet.get():
        event = {"type": "participant.chat", "message": message}
        group = chat_group(session_id, channel)
        after_commit("chat push", lambda: _send_all([(group, event)]))


def quorum_group(session_name: str) -> str:
    """The channel-layer group of the open pages of a session's quorum lobby (engine/quorum.py)."""
    return f"quorum-{session_name}"


def notify_quorum_after_commit(session_name: str, count: dict[str, Any]) -> None:
    """Tell the open lobby pages of a session how many are present (and needed) now, after the
    commit; a failed push is logged (the pages' pings read the count too)."""
    if not _quiet.get():
        event = {"type": "participant.quorum", **count}
        group = quorum_group(session_name)
        after_commit("quorum count push", lambda: _send_all([(group, event)]))


def notify_message(participant_ids: list[int], text: str) -> None:
    """Show a message from the lab manager on these participants' open pages (now)."""
    _send_all([(participant_group(pid), {"type": "participant.message", "text": text})
               for pid in participant_ids])


def notify_reload(participant_ids: list[int]) -> None:
    """Reload these participants' open pages (now)."""
    _send_all([(participant_group(pid), {"type": "participant.reload"})
               for pid in participant_ids])
