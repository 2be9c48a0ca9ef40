"""What every Quorum socket shares: bounded JSON messages, a bounded message rate, and a clear
error for anything else."""
from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from autobahn.exception import Disconnected
from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# The close code for a client that keeps sending after it was told to slow down (4000-4999 are
# the application's; 429 is HTTP's "Too Many Requests").
CLOSE_FLOODING = 4429
# The close code for a socket whose channel layer (Redis) cannot be reached (503 is HTTP's
# "Service Unavailable"; daphne refuses to send 1011 itself). The page falls back to its slow
# poll and reconnects later.
CLOSE_LAYER_DOWN = 4503


class StrictJsonConsumer(AsyncJsonWebsocketConsumer):
    """Accepts only JSON objects of a known `type` up to max_bytes; answers the rest with
    {"type": "error", "detail": ...} and keeps the socket open. Subclasses write on_message.

    The message rate is a token bucket: it holds `burst` tokens, refills at
    `messages_per_second`, and every frame spends one. A frame that finds it empty gets an
    error reply and is not processed, yet still spends, so a client that keeps sending digs
    itself deeper; one that reaches `-burst` (another burst sent while refused) is closed with
    CLOSE_FLOODING. A page pings every few seconds: far below the rate.
    """

    max_bytes = 1024
    message_types: tuple[str, ...] = ()
    messages_per_second = 2.0
    burst = 10
    # Injectable for tests (a staticmethod, so a plain function is not bound as a method).
    clock: Callable[[], float] = staticmethod(time.monotonic)
    _tokens: float | None = None
    _refilled_at = 0.0

    client_gone = False
    server_send: Callable[[dict[str, Any]], Awaitable[None]]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """Run the socket. When the channel layer (Redis) fails, in the handshake's group_add,
        the layer's receive loop or a disconnect's group_discard, log one line and close the
        socket cleanly (a handshake is refused) instead of crashing with a traceback."""
        self.server_send = send
        try:
            await super().__call__(scope, receive, self.send_unless_gone)
        except (RedisError, OSError) as error:
            log.warning("socket %s closed: channel layer unreachable: %s: %s",
                        scope.get("path", "?"), type(error).__name__, error)
            if not self.client_gone:
                await self.close(code=CLOSE_LAYER_DOWN)

    async def send_unless_gone(self, message: dict[str, Any]) -> None:
        """The server's send, unless the client has gone: a push (an advance, a live answer) can
        reach the socket after its page closed and before the server has handled the
        disconnect; daphne then raised "Attempt to send on a closed protocol", logged as an
        error of the application with a traceback. Such a message is dropped, with a debug
        line."""
        if self.client_gone:
            return
        try:
            await self.server_send(message)
        except Disconnected:
            self.client_gone = True
            log.debug("socket %s: the client had gone; a message to it was dropped",
                      self.scope.get("path", "?"))

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Hand a message to its handler, without Channels' close_old_connections first.

        Channels (since 4.2) runs Django's close_old_connections before every message, in the
        one thread that runs every database_sync_to_async call of the process. Under load that
        thread has a queue: a push (advance, live, chat) or a heartbeat then waited behind every
        database call queued before it; with 100 pages sending live messages at once, every
        answer arrived only when the last call had finished (bench/RESULTS.md, "Live pages").
        Quorum's sockets reach the database only through sessions_core/web/threads.py's
        database_call, which closes old connections around each call itself."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"no handler for message type {message['type']}")
        await handler(message)

    async def websocket_disconnect(self, message: dict[str, Any]) -> None:
        self.client_gone = True  # nothing more may be sent to this client
        await super().websocket_disconnect(message)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None,
                      **kwargs: Any) -> None:
        allowed = self._spend_token()
        if allowed is None:
            await self.close(code=CLOSE_FLOODING)
            return
        if not allowed:
            await self.send_error(f"too many messages: send at most {self.messages_per_second:g} "
                                  f"a second; this one was ignored")
            return
        # An empty frame too: the base class raises on it, which would kill the socket.
        if not text_data or len(text_data) > self.max_bytes:
            await self.send_error(f"send JSON text up to {self.max_bytes} bytes")
            return
        await super().receive(text_data=text_data, **kwargs)

    def _spend_token(self) -> bool | None:
        """True: process the frame; False: refuse it; None: the client is flooding."""
        now = self.clock()
        if self._tokens is None:
            self._tokens = float(self.burst)
        else:
            refill = (now - self._refilled_at) * self.messages_per_second
            self._tokens = min(float(self.burst), self._tokens + refill)
        self._refilled_at = now
        self._tokens -= 1
        if self._tokens >= 0:
            return True
        return None if self._tokens <= -self.burst else False

    async def decode_json(self, text_data: str) -> Any:
        try:
            return await super().decode_json(text_data)
        except (ValueError, RecursionError):  # RecursionError: nesting deeper than json allows
            return None

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict) or content.get("type") not in self.message_types:
            known = " or ".join(f'{{"type": "{t}"}}' for t in self.message_types)
            await self.send_error(f"unknown message; send {known}")
            return
        await self.on_message(content)

    async def on_message(self, content: dict[str, Any]) -> None:
        """Handle one message of a type in message_types (subclasses override)."""
        await self.send_error(f"{content['type']} is not handled by this socket")

    async def send_error(self, detail: str, *, about: str | None = None) -> None:
        """{"type": "error", "detail": ...}, with "about": the kind of message it answers when
        a page needs to tell (a live page's error, say)."""
        await self.send_json({"type": "error", "detail": detail, **({"about": about} if about
                                                                    else {})})
