"""Minimal ASGI applications: what an ASGI server costs per request, with Django out of the way.

Not Quorum's server. `bench/http_bench.py --app bench.asgi_floor:plain --participants ''` runs
only the floor phase (GET /healthz/) against them, so the server CPU per response is the
server's own work (HTTP parsing, the ASGI messages, the event loop) plus these few lines:

- `plain`: answers every request at once on the event loop;
- `one_hop`: the same answer after one trip to a worker thread and back
  (asgiref's sync_to_async inside a ThreadSensitiveContext, as config.asgi's handler does for
  every request), which is where the event loop implementation (asyncio or uvloop) shows.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from asgiref.sync import ThreadSensitiveContext, sync_to_async

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

BODY = b'{"status": "ok"}'
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _answer(receive: Receive, send: Send) -> None:
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})


def _nothing() -> None:
    return None


async def plain(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":
        await _lifespan(receive, send)
    elif scope["type"] == "http":
        await _answer(receive, send)


async def one_hop(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":
        await _lifespan(receive, send)
    elif scope["type"] == "http":
        async with ThreadSensitiveContext():
            await sync_to_async(_nothing, thread_sensitive=True)()
        await _answer(receive, send)
