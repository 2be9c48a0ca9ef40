"""A push that reaches a socket after its page closed (and before the server handled the
disconnect) is dropped quietly: daphne refuses the send, and that used to be logged as an error
of the application with a traceback, in every run under load."""
from __future__ import annotations

import logging
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from autobahn.exception import Disconnected

from sessions_core.web.sockets import StrictJsonConsumer


class Refusing:
    """daphne's send for a socket whose client has closed."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    async def __call__(self, message: dict[str, Any]) -> None:
        self.calls.append(message)
        raise Disconnected("Attempt to send on a closed protocol")


def consumer_with(send: Any) -> StrictJsonConsumer:
    consumer = StrictJsonConsumer()
    consumer.scope = {"type": "websocket", "path": "/ws/p/s/p/"}
    consumer.server_send = send  # what __call__ sets: the server's send ...
    consumer.base_send = consumer.send_unless_gone  # ... and what Channels sends through
    return consumer


def test_a_send_to_a_client_that_has_gone_is_dropped_with_a_debug_line(
        caplog: pytest.LogCaptureFixture) -> None:
    refusing = Refusing()
    consumer = consumer_with(refusing)
    with caplog.at_level(logging.DEBUG, logger="sessions_core.web.sockets"):
        async_to_sync(consumer.send_json)({"type": "advance"})
        async_to_sync(consumer.send_json)({"type": "advance"})

    assert consumer.client_gone
    assert len(refusing.calls) == 1  # the second is not even tried
    assert [r.levelno for r in caplog.records] == [logging.DEBUG]
    assert "client had gone" in caplog.records[0].getMessage()


def test_a_send_to_an_open_socket_still_goes_out() -> None:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    consumer = consumer_with(send)
    async_to_sync(consumer.send_json)({"type": "advance"})
    assert sent == [{"type": "websocket.send", "text": '{"type": "advance"}'}]
    assert not consumer.client_gone
