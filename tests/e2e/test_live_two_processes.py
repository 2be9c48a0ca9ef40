"""Live messages and chat between players connected to two different server processes (daphne
with PostgreSQL and Redis): the answer to a live message sent through process 1 reaches a page
whose socket is held by process 2, through the Redis channel layer; and back the other way."""
from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from websockets.sync.client import ClientConnection, connect

from tests.e2e.servers import HttpParticipant, Server, create_session, next_message

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

BID_PAGE = "0-1-0"


def page_socket(server: Server, participant: HttpParticipant, at: str) -> ClientConnection:
    return connect(f"{server.ws_url}/ws{participant.path}?on=page&at={at}", origin=server.url,
                   open_timeout=10)


def test_live_messages_and_chat_cross_server_processes(
        servers: Callable[[dict[str, str]], Server], shared_env: dict[str, str]) -> None:
    first, second = servers(shared_env), servers(shared_env)
    paths = create_session(shared_env, "livecheck", 3)
    one, two, three = (HttpParticipant(path) for path in paths)
    assert 'id="highest"' in one.get(first) and 'id="highest"' in two.get(second)
    three.get(first)

    with page_socket(first, one, BID_PAGE) as on_first, \
            page_socket(second, two, BID_PAGE) as on_second:
        assert next_message(on_first)["type"] == next_message(on_second)["type"] == "state"
        on_first.send('{"type": "live", "page": "0-1-0", "data": {"amount": 25}}')
        for socket in (on_second, on_first):
            message = next_message(socket)
            assert message["type"] == "live" and message["data"]["highest"] == 25
        on_second.send('{"type": "live", "page": "0-1-0", "data": {"amount": 60}}')
        for socket in (on_first, on_second):
            assert next_message(socket)["data"] == {"highest": 60, "by": 2, "bids": 2}

    # Chat: each moves on to the Chat page on its own process, then they talk across them.
    tickets = {}
    for participant, server in ((one, first), (two, second)):
        for _ in range(3):
            html = participant.submit(server, {})
        found = re.search(r'data-ticket="([^"]+)"', html)
        assert found, html
        tickets[participant.path] = found.group(1)
    with page_socket(first, one, "0-1-3") as on_first, \
            page_socket(second, two, "0-1-3") as on_second:
        for socket, participant in ((on_first, one), (on_second, two)):
            assert next_message(socket)["type"] == "state"
            socket.send(json.dumps({"type": "chat_join", "ticket": tickets[participant.path]}))
            assert next_message(socket)["type"] == "chat_history"
        on_second.send(json.dumps({"type": "chat", "ticket": tickets[two.path],
                                   "body": "across processes"}))
        for socket in (on_first, on_second):
            message = next_message(socket)
            assert (message["type"], message["body"]) == ("chat", "across processes")
