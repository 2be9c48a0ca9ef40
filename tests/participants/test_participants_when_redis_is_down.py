"""With Redis unreachable (REDIS_URL set: the production path), a participant's requests still
succeed: the post is stored and answered, the failed push is logged as one line, and the wait
page's socket is closed cleanly (the page then polls its state, which needs no Redis)."""
from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import channel_layers, get_channel_layer
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from experiments.trust.models import Group as TrustGroup
from sessions_core.web.sockets import CLOSE_LAYER_DOWN
from tests.conftest import fresh, make_session, participants_of, url_of, visit
from tests.participants.test_participant_socket import socket_of, state
from tests.unreachable import redis_down, warnings_of

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["redis_down"]  # a fixture used below


@pytest.fixture(autouse=True)
def fresh_channel_layer() -> Iterator[None]:
    """An in-memory layer belongs to one event loop; the Redis one is rebuilt by redis_down."""
    channel_layers.backends.pop("default", None)
    yield
    channel_layers.backends.pop("default", None)


def test_a_post_that_opens_a_wait_page_is_stored_and_answered_when_redis_is_down(
        redis_down: str, caplog: pytest.LogCaptureFixture) -> None:
    trustor, trustee = participants_of(make_session("trust", 2))
    browser = Client()
    browser.get(url_of(trustor))
    visit(trustee)  # waiting for the trustor
    response = browser.post(url_of(trustor), {"_quorum_page": "0-1-0", "sent_amount": "40"})

    assert response.status_code == 200 and 'id="quorum-wait"' in response.content.decode()
    assert TrustGroup.objects.get().sent_amount == 40
    assert fresh(trustor).position_token == "0-1-3"
    lines = warnings_of(caplog)
    assert len(lines) == 1 and lines[0].startswith("advance push failed: ConnectionError"), lines
    # The waiting page's poll finds out without Redis.
    poll = browser.get(url_of(trustee) + "state/")
    assert poll.status_code == 200 and poll.json() == {"status": "playing", "position": "0-1-2"}


def test_a_socket_handshake_is_refused_cleanly_when_redis_is_down(
        redis_down: str, caplog: pytest.LogCaptureFixture) -> None:
    trustee = participants_of(make_session("trust", 2))[1]

    async def scenario() -> None:
        assert await socket_of(trustee).connect(timeout=10) == (False, CLOSE_LAYER_DOWN)

    async_to_sync(scenario)()
    lines = warnings_of(caplog)
    assert len(lines) == 1 and "channel layer unreachable" in lines[0], lines


def test_an_open_socket_whose_layer_fails_is_closed_with_one_line_logged(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    first = participants_of(make_session("trust", 2))[0]
    layer = get_channel_layer()
    redis_stops = asyncio.Event()

    async def receive(channel: str) -> dict[str, Any]:
        await redis_stops.wait()
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(layer, "receive", receive)

    async def scenario() -> None:
        socket = socket_of(first)
        assert (await socket.connect(timeout=10))[0]
        assert await socket.receive_json_from(timeout=10) == state("0-1-0", status="new")
        redis_stops.set()
        assert await socket.receive_output(timeout=10) == {"type": "websocket.close",
                                                           "code": CLOSE_LAYER_DOWN}

    async_to_sync(scenario)()
    lines = warnings_of(caplog)
    assert len(lines) == 1 and "RedisConnectionError" not in lines[0], lines
    assert "channel layer unreachable: ConnectionError" in lines[0], lines


def test_a_disconnect_while_redis_is_down_ends_quietly(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    first = participants_of(make_session("trust", 2))[0]
    layer = get_channel_layer()

    async def group_discard(group: str, channel: str) -> None:
        raise RedisConnectionError("Connection refused.")

    async def scenario() -> None:
        socket = socket_of(first)
        assert (await socket.connect(timeout=10))[0]
        await socket.receive_json_from(timeout=10)
        monkeypatch.setattr(layer, "group_discard", group_discard)
        await socket.disconnect()  # raises if the consumer crashed

    async_to_sync(scenario)()
    lines = warnings_of(caplog)
    assert len(lines) == 1 and "channel layer unreachable" in lines[0], lines
