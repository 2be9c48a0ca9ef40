"""A waiting page whose "advance" push never arrives still learns that its wait page opened: the
answer to its next ping (wait.js pings every QUORUM_WAIT_PING_MS) says "open", and the reload
that follows passes the wait page."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from sessions_core.engine.notify import participant_group
from tests.conftest import make_session, page_name, participants_of, post, visit
from tests.participants.test_participant_socket import socket_of, state

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def empty_channel_layer() -> Iterator[None]:
    async_to_sync(get_channel_layer().flush)()
    yield
    async_to_sync(get_channel_layer().flush)()


def test_a_page_whose_push_was_lost_is_told_to_move_on_by_its_next_ping(
        monkeypatch: pytest.MonkeyPatch) -> None:
    trustor, trustee = participants_of(make_session("trust", 2))
    visit(trustor)
    visit(trustee)  # waits on SendBackWaitPage for the trustor
    layer = get_channel_layer()
    send = layer.group_send
    lost: list[str] = []

    async def lossy_send(group: str, message: dict[str, Any]) -> None:
        if group == participant_group(trustee.pk):
            lost.append(message["type"])  # gone on the way, as in a Redis hiccup
            return
        await send(group, message)

    monkeypatch.setattr(layer, "group_send", lossy_send)

    async def scenario() -> None:
        socket = socket_of(trustee)
        assert (await socket.connect(timeout=10))[0]
        assert await socket.receive_json_from(timeout=10) == state("0-1-1")
        await database_sync_to_async(post)(trustor, {"sent_amount": 40})
        assert lost == ["participant.advance"]
        assert await socket.receive_nothing(timeout=0.2)
        await socket.send_json_to({"type": "ping"})
        assert await socket.receive_json_from(timeout=10) == state("0-1-1", is_open=True)
        await socket.disconnect()

    async_to_sync(scenario)()
    assert page_name(visit(trustee)) == "SendBack"  # what the page's reload shows
