"""Pushes to participants' browsers over the channel layer (sent after commit by callers)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

_quiet: ContextVar[bool] = ContextVar("quorum_quiet", default=False)


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


def notify_advance(participant_ids: list[int]) -> None:
    if _quiet.get():
        return
    layer = get_channel_layer()
    if layer is None:
        return

    async def send_all() -> None:
        for pid in participant_ids:
            await layer.group_send(participant_group(pid), {"type": "participant.advance"})

    async_to_sync(send_all)()
