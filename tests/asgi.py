"""One HTTP request straight to the project's ASGI application (config.asgi.application), with
a body in as many chunks as a test likes and a count of how many of them the application read.

Django's handler runs the view on a thread of its own, with its own database connection: a test
whose request reads rows the test made needs django_db(transaction=True) (on PostgreSQL that
thread cannot see the test's uncommitted transaction)."""
from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from asgiref.sync import async_to_sync

from config.asgi import application


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    chunks_read: int  # how many http.request messages the application asked for


def asgi_request(method: str, path: str, *, chunks: Sequence[bytes] = (b"",),
                 headers: Sequence[tuple[bytes, bytes]] = ()) -> Reply:
    """Send `chunks` as http.request messages (more_body=True on all but the last); no
    content-length header unless given, as a chunked upload arrives."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "headers": [(b"host", b"testserver"), *headers],
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    messages = [{"type": "http.request", "body": chunk, "more_body": index < len(chunks) - 1}
                for index, chunk in enumerate(chunks)]
    sent: list[dict[str, Any]] = []
    read = 0

    async def receive() -> dict[str, Any]:
        nonlocal read
        if read < len(messages):
            read += 1
            return messages[read - 1]
        # After its body a client stays connected until the answer is sent.
        return await asyncio.get_running_loop().create_future()

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async_to_sync(application)(scope, receive, send)
    start = sent[0]
    assert start["type"] == "http.response.start", sent
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return Reply(status=start["status"],
                 headers={k.decode().lower(): v.decode() for k, v in start["headers"]},
                 body=body, chunks_read=read)
