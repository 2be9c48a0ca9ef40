"""A room served by two server processes that share PostgreSQL and Redis.

A visitor's waiting page holds its socket on process 1 while the lab manager's script talks to
process 2's REST API: the RoomStarted push and the list of who is waiting must both cross
processes (the Redis channel layer and the Redis presence store).
"""
from __future__ import annotations

import json
import secrets
import sys
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode

import pytest
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

from tests.e2e.servers import HttpParticipant, Server, run

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

PUSH_TIMEOUT = 15  # seconds
API = "/admin/api/v1"

# A staff user with an API token in the servers' database, the way an ops script makes one.
_STAFF_TOKEN = """
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
user = get_user_model().objects.create_user("lab-script", is_staff=True)
# What a script that runs rooms needs (docs/rooms.md, REST API).
user.user_permissions.set(Permission.objects.filter(
    content_type__app_label="rooms") | Permission.objects.filter(codename="add_session"))
print(Token.objects.create(user=user).key)
"""


def staff_token(env: dict[str, str]) -> str:
    return run(env, sys.executable, "-c", _STAFF_TOKEN).strip()


def call_api(server: Server, token: str, method: str, path: str,
             body: dict[str, Any] | None = None) -> dict[str, Any]:
    """A lab manager's script calling the REST API; a refusal fails the test with its detail."""
    request = urllib.request.Request(
        server.url + API + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return dict(json.loads(response.read() or b"{}"))
    except HTTPError as error:
        raise AssertionError(f"{method} {path}: {error.code} {error.read()[:500]!r}") from None


def closed_room(server: Server, token: str, config: str = "trust") -> str:
    """A new room, created through the API: waiting, with a config, no labels, no capacity."""
    name = f"e2e-room-{secrets.token_hex(4)}"
    created = call_api(server, token, "POST", "/rooms/",
                       {"name": name, "config": config, "open": False})
    assert created["state"] == "waiting", created
    return name


@contextmanager
def waiting_page_socket(server: Server, room: str, client: str) -> Iterator[ClientConnection]:
    """The socket a waiting page opens, once the server has said that the room is waiting."""
    with connect(f"{server.ws_url}/ws/room/{room}/?client={client}&label=cubicle-7",
                 origin=Origin(server.url), open_timeout=10) as socket:
        assert next_message(socket) == {"type": "waiting"}
        yield socket


def next_message(socket: ClientConnection) -> dict[str, Any]:
    return dict(json.loads(socket.recv(timeout=PUSH_TIMEOUT)))


def join_form_post(server: Server, room: str) -> str:
    """What the waiting page does on RoomStarted: post its join form; returns where it lands."""
    visitor = HttpParticipant(f"/room/{room}/")
    visitor.get(server)  # the waiting page, for its CSRF cookie and token
    body = urlencode({**visitor.hidden, "label": ""}).encode()
    with visitor.opener.open(urllib.request.Request(server.url + visitor.path, data=body), timeout=30) as r:
        return r.geturl().removeprefix(server.url)


def test_room_opened_through_one_process_starts_a_page_waiting_on_another(
        servers: Callable[[dict[str, str]], Server], shared_env: dict[str, str]) -> None:
    first, second = servers(shared_env), servers(shared_env)
    token = staff_token(shared_env)
    room = closed_room(second, token)

    with waiting_page_socket(first, room, secrets.token_hex(8)) as socket:
        opened = call_api(second, token, "PATCH", f"/room/{room}/open/", {"open": True})
        assert opened["state"] == "accepting", opened
        assert next_message(socket) == {"type": "RoomStarted"}

    # The page then posts its join form (to either process) and lands on its participant page.
    landed = join_form_post(first, room)
    session = call_api(second, token, "GET", f"/rooms/{room}/")["session"]
    assert landed.startswith(f"/p/{session}/"), landed


def test_visitor_waiting_on_one_process_is_online_in_the_other_process_api(
        servers: Callable[[dict[str, str]], Server], shared_env: dict[str, str]) -> None:
    first, second = servers(shared_env), servers(shared_env)
    token = staff_token(shared_env)
    room = closed_room(second, token)
    client = secrets.token_hex(8)

    assert call_api(second, token, "GET", f"/rooms/{room}/online/")["count"] == 0
    with waiting_page_socket(first, room, client) as socket:
        socket.send(json.dumps({"type": "heartbeat"}))
        assert next_message(socket) == {"type": "heartbeat"}
        online = call_api(second, token, "GET", f"/rooms/{room}/online/")
        assert online["count"] == 1, online
        assert [(v["client"], v["label"]) for v in online["online"]] == [(client, "cubicle-7")]
