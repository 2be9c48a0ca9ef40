"""Pushes to participants' open pages over the channel layer, sent after commit.

The participant socket (participants/consumers.py) joins participant_group(id); a wait page
that opens tells the other members' pages to move on with notify_advance_after_commit.
"""
from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

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
    layer = get_channel_layer()
    if layer is None:
        return

    async def send_all() -> None:
        gate = asyncio.Semaphore(PUSHES_AT_ONCE)

        async def send(pid: int) -> None:
            async with gate:
                await layer.group_send(participant_group(pid), {"type": "participant.advance"})

        sent = await asyncio.gather(*(send(pid) for pid in participant_ids),
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
