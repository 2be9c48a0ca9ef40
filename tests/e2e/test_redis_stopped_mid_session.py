"""Redis stopped mid-session on the production path, and started again.

A redis-server of the test's own (a free port, no persistence; the machine's shared Redis is
never touched) serves a daphne process running the production settings (config.settings with
REDIS_URL: the Redis channel layer, presence in Redis, tasks sent to the broker) on a fresh
PostgreSQL database. Part of a trust session is played, then Redis is stopped. Everything a
participant or a lab manager does must still answer, with one warning line per failed push,
presence read or task; a waiting socket is closed cleanly and a new handshake is refused without
crashing the server. Redis is started again, and pushes reach waiting pages again.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode

import psycopg
import pytest
import redis
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from sessions_core.web.sockets import CLOSE_LAYER_DOWN
from tests.e2e.conftest import skip_or_fail
from tests.e2e.servers import (
    HttpParticipant,
    Server,
    create_session,
    free_port,
    run,
    server_environment,
)

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

BOUND = 15  # s: how long a message, a close or a start-up may take (bounds, never pauses)
API = "/admin/api/v1"
_SUPERUSER = """
import django
django.setup()
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
user = get_user_model().objects.create_superuser("ops", "ops@example.org", "ops-password")
print(Token.objects.create(user=user).key)
"""


@dataclass
class RedisServer:
    """A redis-server process of this test's own."""

    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no"], stdout=log, stderr=subprocess.STDOUT)
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        deadline = time.monotonic() + BOUND
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)  # waiting for start-up, bounded by the deadline
        raise AssertionError(f"redis-server on {self.port} did not start: "
                             f"{self.log_path.read_text(errors='replace')[-2000:]}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=BOUND)


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        skip_or_fail("needs redis-server on the PATH: apt-get install -y redis-server")
    server = RedisServer(log_path=tmp_path / "redis.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def production_env(tmp_path: Path, own_redis: RedisServer) -> Iterator[dict[str, str]]:
    with server_environment(tmp_path, redis=True) as env:
        yield {**env, "REDIS_URL": own_redis.url, "DJANGO_SETTINGS_MODULE": "config.settings"}


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Answer:
    status: int
    location: str
    body: str


class Browser:
    """Cookies and CSRF tokens like a browser; redirects and errors are answers to look at."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirects())
        self.csrf = ""

    def get(self, path: str) -> Answer:
        return self._send(urllib.request.Request(self.server.url + path))

    def post(self, path: str, fields: dict[str, Any]) -> Answer:
        body = urlencode({"csrfmiddlewaretoken": self.csrf, **fields}, doseq=True).encode()
        return self._send(urllib.request.Request(self.server.url + path, data=body,
                                                 headers={"Origin": self.server.url}))

    def _send(self, request: urllib.request.Request) -> Answer:
        try:
            with self.opener.open(request, timeout=BOUND) as response:
                answer = Answer(response.status, "", response.read().decode())
        except HTTPError as error:
            answer = Answer(error.code, error.headers.get("Location", ""),
                            error.read().decode(errors="replace"))
        self.csrf = next(iter(_CSRF.findall(answer.body)), self.csrf)
        return answer


def api(server: Server, token: str, method: str, path: str,
        body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        server.url + API + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=BOUND) as response:
            return response.status, json.loads(response.read() or b"{}")
    except HTTPError as error:
        return error.code, {"body": error.read().decode(errors="replace")}


def wait_page_socket(server: Server, participant: HttpParticipant) -> ClientConnection:
    socket = connect(server.ws_url + "/ws" + participant.path, origin=server.url,
                     open_timeout=BOUND)
    assert json.loads(socket.recv(timeout=BOUND))["type"] == "state"
    return socket


def reconnecting_wait_page_socket(server: Server, participant: HttpParticipant,
                                  tries: int = 5) -> ClientConnection:
    """wait_page_socket, tried again after a refused handshake as the page would."""
    for _ in range(tries - 1):
        try:
            return wait_page_socket(server, participant)
        except InvalidStatus:
            pass
    return wait_page_socket(server, participant)


def session_id(env: dict[str, str], path: str) -> int:
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        row = conn.execute("SELECT id FROM sessions_core_session WHERE name = %s",
                           [path.split("/")[2]]).fetchone()
    assert row is not None
    return int(row[0])


def test_redis_stopped_mid_session_degrades_and_comes_back(
        production_env: dict[str, str], servers: Callable[[dict[str, str]], Server],
        own_redis: RedisServer) -> None:
    env = production_env
    server = servers(env)
    token = run(env, sys.executable, "-c", _SUPERUSER).strip()
    paths = create_session(env, "trust", 4)
    trustor1, trustee1, trustor2, trustee2 = map(HttpParticipant, paths)
    assert api(server, token, "POST", "/rooms/", {"name": "lab-e2e", "config": "trust"})[0] == 201

    # Redis up: a push moves a waiting page on.
    for person in (trustor1, trustee1, trustor2, trustee2):
        person.get(server)
    with wait_page_socket(server, trustee1) as held:
        trustor1.submit(server, {"sent_amount": "10"})
        assert json.loads(held.recv(timeout=BOUND)) == {"type": "advance"}

        own_redis.stop()

        # The socket that was open is closed cleanly (its page then polls, and reconnects).
        with pytest.raises(ConnectionClosed) as closed:
            held.recv(timeout=BOUND)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == CLOSE_LAYER_DOWN
    # Participants' posts are answered and stored; the pushes they could not send are logged.
    assert 'id="quorum-wait"' in trustor2.submit(server, {"sent_amount": "40"})
    assert "you received 120 points" in trustee2.get(server)
    assert "Your payoff is" in trustee2.submit(server, {"sent_back_amount": "30"})
    assert "you received 30 points" in trustee1.get(server)
    assert "Your payoff is" in trustee1.submit(server, {"sent_back_amount": "5"})
    assert "Your payoff is" in trustor1.get(server)  # the poll's job, done by a reload here
    assert "Your payoff is" in trustor2.get(server)
    # Everyone finishes: the payments task cannot be sent, the last page still answers.
    for person in (trustor1, trustee1, trustor2, trustee2):
        assert person.submit(server, {})
    # The rooms API opens the room, and a join gets its participant link (a retry the same).
    status, room = api(server, token, "PATCH", "/room/lab-e2e/open/", {"open": True})
    assert status == 200 and room["state"] == "accepting"
    visitor = Browser(server)
    assert visitor.get("/room/lab-e2e/").status == 200
    joined = visitor.post("/room/lab-e2e/", {"label": ""})
    assert joined.status == 302 and joined.location.startswith("/p/"), joined
    assert visitor.post("/room/lab-e2e/", {"label": ""}).location == joined.location
    # Presence answers, and says it cannot be read.
    status, online = api(server, token, "GET", "/rooms/lab-e2e/online/")
    assert status == 200 and online["available"] is False and online["count"] is None
    # A socket handshake is refused; the server goes on serving.
    with pytest.raises(InvalidStatus), connect(server.ws_url + "/ws" + trustee2.path,
                                               origin=server.url, open_timeout=BOUND):
        pass
    # The lab manager's Compute payments says the worker is unreachable.
    admin = Browser(server)
    admin.get("/admin/login/")
    assert admin.post("/admin/login/", {"username": "ops", "password": "ops-password",
                                        "next": "/admin/"}).status == 302
    admin.get("/admin/sessions_core/session/")
    action = admin.post("/admin/sessions_core/session/", {
        "action": "compute_payments", "_selected_action": [session_id(env, trustor1.path)]})
    assert action.status == 302, action.body[:2000]
    assert "the task worker (Redis) is unreachable" in admin.get(action.location).body

    log = server.log_path.read_text(errors="replace")
    for line in ("advance push failed: ConnectionError",
                 "RoomStarted push failed: ConnectionError",
                 "presence read in room lab-e2e failed: ConnectionError",
                 "channel layer unreachable:", "payments task failed: OperationalError",
                 "Payments task for session"):
        assert line in log, f"{line!r} not in the server's log:\n{log[-4000:]}"
    assert "Traceback" not in log, log[log.find("Traceback") - 1000:][:4000]

    # Redis is back: a waiting page is pushed again. A connection the server's pool held while
    # Redis was down fails once when next used, so a handshake may be refused until the page's
    # next reconnect (wait.js reconnects every QUORUM_WAIT_POLL_MS).
    own_redis.start()
    trustor, trustee = map(HttpParticipant, create_session(env, "trust", 2))
    assert 'id="quorum-wait"' in trustee.get(server)
    with reconnecting_wait_page_socket(server, trustee) as socket:
        trustor.get(server)
        trustor.submit(server, {"sent_amount": "20"})
        assert json.loads(socket.recv(timeout=BOUND)) == {"type": "advance"}
