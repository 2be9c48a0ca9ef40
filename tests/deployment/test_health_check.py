"""/healthz/ tells a load balancer the truth fast: 503 with a JSON detail when the database
cannot be reached, bounded by a 2-second connect timeout (not the pool's 30-second wait).

Each case runs the project's production settings (config.settings, with its connection pool) in
a subprocess whose DATABASE_URL points where no database answers."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from sessions_core.web.views import HEALTH_CONNECT_TIMEOUT

BASE_DIR = Path(__file__).resolve().parents[2]

# Asks /healthz/ through Django's test client, recording the connect_timeout of every psycopg
# connection the check opens.
_ASK_HEALTH = """
import json
import django
import psycopg
django.setup()
timeouts = []
real_connect = psycopg.connect
def recording_connect(*args, **kwargs):
    timeouts.append(kwargs.get("connect_timeout"))
    return real_connect(*args, **kwargs)
psycopg.connect = recording_connect
from django.test import Client
response = Client().get("/healthz/")
print(json.dumps({"status": response.status_code, "body": response.json(), "timeouts": timeouts}))
"""


def ask_health(database_url: str) -> dict[str, Any]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"),
           "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": database_url,
           "LOG_LEVEL": "ERROR"}
    done = subprocess.run([sys.executable, "-c", _ASK_HEALTH], env=env, cwd=BASE_DIR,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word (a hung database host)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    stop = threading.Event()
    held: list[socket.socket] = []

    def accept_and_hold() -> None:
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept_and_hold, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    stop.set()
    thread.join(timeout=5)
    for conn in held:
        conn.close()
    listener.close()


def test_health_is_ok_when_the_database_answers(db: None) -> None:
    response = Client().get("/healthz/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_health_is_503_when_nothing_listens_at_the_database_port() -> None:
    answer = ask_health(f"postgres://postgres@127.0.0.1:{unused_port()}/quorum")
    assert answer["status"] == 503
    assert answer["body"] == {"status": "unavailable", "detail": "the database cannot be reached"}


def test_health_is_503_when_the_database_host_accepts_and_never_answers(silent_server: int) -> None:
    answer = ask_health(f"postgres://postgres@127.0.0.1:{silent_server}/quorum")
    assert answer["status"] == 503
    assert answer["body"]["status"] == "unavailable"
    # What bounds the wait: the check's own connection, with a 2-second connect timeout.
    assert answer["timeouts"] and set(answer["timeouts"]) == {HEALTH_CONNECT_TIMEOUT} == {2}
