"""Real server processes for the end-to-end tests: a fresh database, daphne, sessions, clients.

Everything here talks to the servers the way the outside world does (subprocesses, HTTP,
WebSockets); nothing touches the test process's own Django database.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.parse import urlencode, urlsplit

import dj_database_url
import psycopg
from websockets.sync.client import ClientConnection, connect

BASE_DIR = Path(__file__).resolve().parents[2]
STARTUP_DEADLINE = 60  # seconds for a server to answer /healthz/ (a bound, not a pause)
APP = "config.asgi:application"
# How each supported ASGI server is started (docs/operations.md gives the production commands).
# Server() uses QUORUM_E2E_SERVER's (default daphne), so any e2e test or bench script built on
# it can run on another one: QUORUM_E2E_SERVER=uvicorn pytest tests/e2e
SERVER_COMMANDS = {
    "daphne": ["-m", "daphne", "-b", "127.0.0.1", "-p", "{port}", APP],
    "uvicorn": ["-m", "uvicorn", "--host", "127.0.0.1", "--port", "{port}", "--loop", "uvloop",
                "--http", "httptools", "--ws", "websockets-sansio", "--lifespan", "off", APP],
    "granian": ["-m", "granian", "--interface", "asginl", "--host", "127.0.0.1", "--port", "{port}",
                "--workers", "1", "--loop", "uvloop", APP],
}


def default_server() -> str:
    return os.environ.get("QUORUM_E2E_SERVER", "daphne")

# Creates a session in the server's database the way an ops script would, printing its URLs.
_CREATE_SESSION = """
import sys
import django
django.setup()
from sessions_core.lifecycle.services import session_create
session = session_create(session_type_name=sys.argv[1], num_participants=int(sys.argv[2]))
for participant in session.participant_set.order_by("id_in_session"):
    print(f"/p/{session.name}/{participant.name}/")
"""


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "pgsql://"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(env: dict[str, str], *args: str) -> str:
    """Run a command in the project folder; on failure the error shows its output."""
    done = subprocess.run(args, env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(args[:4])} failed ({done.returncode}):\n"
                             f"{done.stdout}\n{done.stderr}")
    return done.stdout


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server of server_url; dropped afterwards."""
    conf = dj_database_url.parse(server_url)
    name = f"quorum_e2e_{secrets.token_hex(4)}"
    admin = {"host": conf["HOST"] or "127.0.0.1", "port": conf["PORT"] or 5432,
             "user": conf["USER"], "password": conf["PASSWORD"] or None, "dbname": "postgres",
             "autocommit": True}
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(server_url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def server_environment(tmp_path: Path, *, redis: bool) -> Iterator[dict[str, str]]:
    """Environment for server processes on a fresh, migrated database: a temp SQLite file, or a
    new PostgreSQL database when DATABASE_URL points to PostgreSQL."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONUNBUFFERED": "1",
           # Pages must move on by the WebSocket push alone: the fallback poll never fires, and
           # neither does the ping that catches a lost push (a test that wants it sets it).
           "QUORUM_WAIT_POLL_MS": "3600000", "QUORUM_WAIT_PING_MS": "3600000",
           # Channel-layer groups are named by participant id: keep runs apart on one Redis.
           "CHANNELS_PREFIX": f"quorum-e2e-{secrets.token_hex(4)}"}
    if not redis:
        env.pop("REDIS_URL", None)
    base_url = os.environ.get("DATABASE_URL", "")
    with (postgres_database(base_url) if is_postgres_url(base_url)
          else _sqlite_database(tmp_path)) as url:
        env["DATABASE_URL"] = url
        run(env, sys.executable, "manage.py", "migrate", "--run-syncdb", "-v", "0")
        yield env


@contextmanager
def _sqlite_database(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'e2e.sqlite3'}"


def create_session(env: dict[str, str], session_type: str, count: int) -> list[str]:
    """Participant URL paths of a new session, in id_in_session order."""
    out = run(env, sys.executable, "-c", _CREATE_SESSION, session_type, str(count))
    return out.split()


@dataclass
class Server:
    """One server process (daphne unless `kind` says otherwise) serving config.asgi on a free port."""

    env: dict[str, str]
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    kind: str = field(default_factory=default_server)
    cwd: Path = BASE_DIR  # the project it serves: this checkout, or a temp copy (projects.py)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self) -> Server:
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, *(a.format(port=self.port) for a in SERVER_COMMANDS[self.kind])],
                env=self.env, cwd=self.cwd, stdout=log, stderr=subprocess.STDOUT)
        self._wait_until_healthy()
        return self

    def _wait_until_healthy(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + STARTUP_DEADLINE
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"{self.kind} exited with {self.process.returncode}:\n"
                                     f"{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz/", timeout=2) as response:
                    if response.status == 200:
                        return
            except (URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)  # polling for start-up, bounded by the deadline
        raise AssertionError(f"{self.kind} on port {self.port} did not answer /healthz/ within "
                             f"{STARTUP_DEADLINE}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


_FORM_VALUE = re.compile(r'name="(csrfmiddlewaretoken|_quorum_page)" value="([^"]*)"')


class HttpParticipant:
    """A participant without a browser: cookies kept, forms posted with their hidden fields."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.hidden: dict[str, str] = {}

    def get(self, server: Server) -> str:
        return self._read(urllib.request.Request(server.url + self.path))

    def submit(self, server: Server, fields: dict[str, str]) -> str:
        """Post the form of the page last loaded (from any server) to `server`."""
        body = urlencode({**self.hidden, **fields}).encode()
        return self._read(urllib.request.Request(server.url + self.path, data=body, method="POST"))

    def _read(self, request: urllib.request.Request) -> str:
        with self.opener.open(request, timeout=30) as response:
            html = response.read().decode()
        self.hidden = dict(_FORM_VALUE.findall(html))
        return html


PUSH_TIMEOUT = 15  # seconds a test waits for a socket message


def next_message(socket: ClientConnection) -> dict[str, Any]:
    return dict(json.loads(socket.recv(timeout=PUSH_TIMEOUT)))


@contextmanager
def wait_page_socket(server: Server, participant: HttpParticipant) -> Iterator[ClientConnection]:
    """The socket a wait page opens, connected to `server`, once the server has sent the page's
    state (so it is listening)."""
    with connect(server.ws_url + "/ws" + participant.path, origin=server.url,
                 open_timeout=10) as socket:
        first = next_message(socket)
        assert first["type"] == "state", first
        yield socket
