"""ASGI entry point: HTTP (Django, with the project's static files) and WebSockets (Channels)."""
import os
import tempfile
from collections.abc import Awaitable, Callable, Mapping
from typing import IO, Any

import django
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, ASGIRequest
from django.http import HttpRequest, HttpResponseBase

from sessions_core.web.middleware import body_too_large, declared_length

Receive = Callable[[], Awaitable[Mapping[str, Any]]]
Send = Callable[[Mapping[str, Any]], Awaitable[None]]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup(set_prefix=False)


class BodyTooLarge(Exception):
    """The request body passed DATA_UPLOAD_MAX_MEMORY_SIZE while it was being read."""


class OneHopASGIHandler(ASGIHandler):
    """Django's ASGI handler, with the sync middleware chain and the view run in one hop, and
    the body size limit enforced while the body arrives.

    The stock handler moves between the event loop and a worker thread around every
    middleware (all of Quorum's views and middleware are sync), a thread switch each time;
    one hop per request halves the server's CPU floor (bench/RESULTS.md, "one_hop").

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

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)

    async def handle(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        headers = dict(scope.get("headers", ()))
        if limit is not None and declared_length(headers.get(b"content-length")) > limit:
            await self.send_response(body_too_large(path=scope["path"], limit=limit), send)
            return
        try:
            await super().handle(scope, receive, send)
        except BodyTooLarge:
            # Raised by read_body, before the request existed: nothing has been sent yet.
            await self.send_response(body_too_large(path=scope["path"], limit=limit), send)

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
