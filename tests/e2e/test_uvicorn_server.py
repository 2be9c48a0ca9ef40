"""The optional production server: uvicorn with httptools and uvloop (`pip install "quorum[uvicorn]"`),
started as docs/operations.md says, serving the same config.asgi:application as daphne.

A two-player game over HTTP with the wait page's WebSocket push in both directions, and a room's
waiting page woken by RoomStarted. On the PostgreSQL + Redis run the push goes through the Redis
channel layer; on SQLite through the in-memory one.
"""
from __future__ import annotations

import importlib.util
import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import skip_or_fail
from tests.e2e.servers import (
    HttpParticipant,
    Server,
    create_session,
    next_message,
    wait_page_socket,
)
from tests.e2e.test_room_two_processes import (
    call_api,
    closed_room,
    join_form_post,
    staff_token,
    waiting_page_socket,
)

pytestmark = [pytest.mark.e2e]

EXTRA = ("uvicorn", "uvloop", "httptools")


@pytest.fixture
def uvicorn_server(tmp_path: Path, single_server_env: dict[str, str]) -> Iterator[Server]:
    missing = [name for name in EXTRA if importlib.util.find_spec(name) is None]
    if missing:
        skip_or_fail(f"needs the uvicorn extra ({', '.join(missing)} not installed): "
                     f"pip install -e '.[uvicorn]'")
    server = Server(env=single_server_env, log_path=tmp_path / "uvicorn.log", kind="uvicorn")
    try:
        yield server.start()
    finally:
        server.stop()
    assert "Traceback" not in server.log(), server.log()



def test_uvicorn_serves_a_two_player_game_with_wait_page_pushes(uvicorn_server: Server,
                                                                single_server_env: dict[str, str]
                                                                ) -> None:
    server = uvicorn_server
    assert server.kind == "uvicorn"
    trustor_path, trustee_path = create_session(single_server_env, "trust", 2)
    trustor, trustee = HttpParticipant(trustor_path), HttpParticipant(trustee_path)

    assert 'id="quorum-wait"' in trustee.get(server)
    with wait_page_socket(server, trustee) as trustee_socket:
        assert 'name="sent_amount"' in trustor.get(server)
        assert 'id="quorum-wait"' in trustor.submit(server, {"sent_amount": "40"})
        assert next_message(trustee_socket) == {"type": "advance"}
    assert 'name="sent_back_amount"' in trustee.get(server)

    with wait_page_socket(server, trustor) as trustor_socket:
        trustor_socket.send(json.dumps({"type": "ping"}))   # a wait page's ping: still waiting
        assert next_message(trustor_socket)["open"] is False
        results = trustee.submit(server, {"sent_back_amount": "20"})
        assert "Your payoff is <strong>100 points</strong>" in results   # 40 * 3 - 20
        assert next_message(trustor_socket) == {"type": "advance"}
    assert "Your payoff is <strong>80 points</strong>" in trustor.get(server)   # 100 - 40 + 20


def test_uvicorn_wakes_a_room_waiting_page(uvicorn_server: Server,
                                           single_server_env: dict[str, str]) -> None:
    server = uvicorn_server
    token = staff_token(single_server_env)
    room = closed_room(server, token)

    with waiting_page_socket(server, room, secrets.token_hex(8)) as socket:
        socket.send(json.dumps({"type": "heartbeat"}))
        assert next_message(socket) == {"type": "heartbeat"}
        assert call_api(server, token, "GET", f"/rooms/{room}/online/")["count"] == 1
        opened = call_api(server, token, "PATCH", f"/room/{room}/open/", {"open": True})
        assert opened["state"] == "accepting", opened
        assert next_message(socket) == {"type": "RoomStarted"}

    landed = join_form_post(server, room)
    session = call_api(server, token, "GET", f"/rooms/{room}/")["session"]
    assert landed.startswith(f"/p/{session}/"), landed
