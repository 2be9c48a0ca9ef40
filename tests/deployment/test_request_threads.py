"""HTTP requests run their sync code on a few persistent threads (config/asgi.py), not on a new
thread each: under load dozens of request threads kept the event loop's thread from the GIL,
and pushes to waiting pages reached them seconds late (bench/RESULTS.md)."""
from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from django.conf import settings
from django.core import signals
from django.db import connections

from config.asgi import application
from sessions_core.web.threads import THREAD_NAME_PREFIX, sync_threads

pytestmark = pytest.mark.django_db(transaction=True)

REQUEST_THREADS = settings.QUORUM_SYNC_THREADS


async def _get(path: str) -> int:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "headers": [(b"host", b"testserver")],
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    sent: list[dict[str, Any]] = []
    delivered = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": b"", "more_body": False}
        return await asyncio.get_running_loop().create_future()

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await application(scope, receive, send)
    return int(sent[0]["status"])


def _many_at_once(count: int) -> list[int]:
    async def run() -> list[int]:
        return list(await asyncio.gather(*(_get("/healthz/") for _ in range(count))))
    return asyncio.run(run())


def test_many_simultaneous_requests_share_a_few_persistent_threads() -> None:
    seen: list[str] = []

    def record(**_: Any) -> None:
        seen.append(threading.current_thread().name)

    signals.request_started.connect(record)
    try:
        statuses = _many_at_once(REQUEST_THREADS * 4) + _many_at_once(REQUEST_THREADS * 4)
    finally:
        signals.request_started.disconnect(record)

    assert statuses == [200] * (REQUEST_THREADS * 8)
    assert len(seen) == REQUEST_THREADS * 8
    assert all(name.startswith(THREAD_NAME_PREFIX) for name in seen), set(seen)
    assert len(set(seen)) <= REQUEST_THREADS


def test_a_request_thread_gives_its_database_connection_back_after_each_request() -> None:
    if connections["default"].vendor == "sqlite" and connections["default"].is_in_memory_db():
        pytest.skip("SQLite's in-memory test database: Django never closes its connections; "
                    "runs on PostgreSQL")
    assert _many_at_once(REQUEST_THREADS * 2) == [200] * (REQUEST_THREADS * 2)

    # One task per thread (each waits for all the others), asking whether that thread still
    # holds a connection the request opened.
    everyone = threading.Barrier(REQUEST_THREADS, timeout=10)

    def holds_a_connection() -> bool:
        everyone.wait()
        return connections["default"].connection is not None

    held = [sync_threads().submit(holds_a_connection) for _ in range(REQUEST_THREADS)]
    assert [future.result(timeout=20) for future in held] == [False] * REQUEST_THREADS
