"""ASGI entry point: HTTP (Django, with the project's static files) and WebSockets (Channels)."""
import asyncio
import contextlib
import os
import tempfile
from collections.abc import Awaitable, Callable, Mapping
from typing import IO, Any

import django
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, ASGIRequest, get_script_prefix
from django.db import close_old_connections
from django.http import FileResponse, HttpResponseBase
from django.urls import set_script_prefix

from sessions_core.web.middleware import body_too_large, declared_length
from sessions_core.web.threads import on_sync_thread

Receive = Callable[[], Awaitable[Mapping[str, Any]]]
Send = Callable[[Mapping[str, Any]], Awaitable[None]]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup(set_prefix=False)


class BodyTooLarge(Exception):
    """The request body passed DATA_UPLOAD_MAX_MEMORY_SIZE while it was being read."""


class OneHopASGIHandler(ASGIHandler):
    """Django's ASGI handler, with everything sync about a request (request_started, the
    middleware chain and the view, request_finished) run in one hop on one of the few
    persistent threads of sessions_core/web/threads.py, and the body size limit enforced while
    the body arrives.

    The stock handler moves between the event loop and a worker thread around every
    middleware (all of Quorum's views and middleware are sync), a thread switch each time; one
    hop per request halved the server's CPU floor (bench/RESULTS.md, "one_hop"). It also starts
    a new thread per request: under load dozens of them kept the event loop (sockets, pushes)
    waiting for the GIL. A bounded set of threads, as a WSGI server's, keeps it responsive.

    A streaming response (an export, a job's file) is sent as Django sends it: its chunks are
    produced on the request's own thread-sensitive thread (sessions_core/data/http.py), and a
    client that goes away stops it.

    The stock handler also reads the whole body before any middleware runs, so a body without
    a Content-Length (a chunked upload) slipped past the middleware's limit and stayed in the
    server's memory. Here the body is counted as it arrives, and one over
    DATA_UPLOAD_MAX_MEMORY_SIZE (or declared so by its Content-Length) is answered 413 without
    reading the rest. daphne itself still collects a whole body before the application sees it
    (bench/RESULTS.md, "upload_memory"): the proxy in front should limit bodies too.
    """

    def __init__(self) -> None:
        super().__init__()
        self.load_middleware(is_async=False)

    async def handle(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        headers = dict(scope.get("headers", ()))
        if limit is not None and declared_length(headers.get(b"content-length")) > limit:
            await self.send_response(body_too_large(path=scope["path"], limit=limit), send)
            return
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        except BodyTooLarge:
            # Raised by read_body, before the request existed: nothing has been sent yet.
            await self.send_response(body_too_large(path=scope["path"], limit=limit), send)
            return
        set_script_prefix(get_script_prefix(scope))
        try:
            response = await on_sync_thread(self.respond)(scope, body_file)
            if response.streaming:
                await self.stream(response, receive, send)
            else:
                await self.send_response(response, send)
        finally:
            body_file.close()

    def respond(self, scope: dict[str, Any], body_file: IO[bytes]) -> HttpResponseBase:
        """The whole sync part of a request, on one request thread: request_started (which
        also recycles this thread's database connection), the request, the response, and for a
        response that is not streamed, its close (request_finished: the connection goes back
        to the pool)."""
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, error_response = self.create_request(scope, body_file)
        response = error_response if request is None else self.get_response(request)
        assert response is not None
        response._handler_class = self.__class__  # type: ignore[attr-defined]
        if isinstance(response, FileResponse):
            response.block_size = self.chunk_size
        if not response.streaming:
            response.close()
        else:
            close_old_connections()  # its chunks are read on another thread
        return response

    async def stream(self, response: HttpResponseBase, receive: Receive, send: Send) -> None:
        """Send a streaming response until it ends or the client goes away, then close it on
        the request's thread-sensitive thread (request_finished)."""
        sending = asyncio.create_task(self.send_response(response, send))
        watching = asyncio.create_task(self.listen_for_disconnect(receive))
        try:
            await asyncio.wait([sending, watching], return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (watching, sending):
                if not task.done():
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, RequestAborted):
                        await task
            if sending.done() and not sending.cancelled():
                sending.result()  # an error while sending is the server's to log
            await sync_to_async(response.close)()

    def create_request(self, scope: Mapping[str, Any], body_file: IO[bytes]
                       ) -> tuple[ASGIRequest, None] | tuple[None, HttpResponseBase]:
        """A chunked body, read in full by now, gets its Content-Length: DRF reads no body
        without one, so a chunked API call would otherwise act on an empty body."""
        headers = scope.get("headers", [])
        if not any(name.lower() == b"content-length" for name, _ in headers):
            size = body_file.seek(0, os.SEEK_END)
            body_file.seek(0)
            if size:
                scope = {**scope, "headers": [*headers, (b"content-length", str(size).encode())]}
        return super().create_request(scope, body_file)

    async def read_body(self, receive: Receive) -> IO[bytes]:
        """The body as a file (spooled to disk past FILE_UPLOAD_MAX_MEMORY_SIZE), counted as it
        arrives: BodyTooLarge as soon as it passes DATA_UPLOAD_MAX_MEMORY_SIZE."""
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
        size = 0
        try:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise RequestAborted()
                chunk = message.get("body", b"")
                size += len(chunk)
                if limit is not None and size > limit:
                    raise BodyTooLarge()
                body.write(chunk)
                if not message.get("more_body", False):
                    break
        except BaseException:
            body.close()
            raise
        body.seek(0)
        return body


django_asgi = OneHopASGIHandler()

if settings.QUORUM_TIMERS_IN_SERVER:
    from sessions_core.lifecycle.deadlines import scheduler_start  # noqa: E402

    # Page deadlines are fired by this process too (catching up on those that fell due while
    # it was down): docs/operations.md, "Page timers".
    scheduler_start()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402

# Static files are served by the project itself, so a lab network needs nothing else.
application = ProtocolTypeRouter({
    "http": ASGIStaticFilesHandler(django_asgi),
    "websocket": AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns)),
})
