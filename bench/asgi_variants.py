"""What-if ASGI entry points, to measure how much of a page's server CPU is the ASGI plumbing.

Not the project's server: `config.asgi:application` is. These exist so that `http_bench.py
--app bench.asgi_variants:one_hop` (or `:one_thread`) can show what a change to the entry point
would buy, with the same views, middleware, database and load.

Django's ASGIHandler runs every middleware's process_request/process_response and the view in
separate sync_to_async hops (a sync-only middleware on the outside adds an async_to_sync round
trip too), each one a future, a wake-up of the event loop and a thread switch; and every request
gets a fresh worker thread (ThreadSensitiveContext), so its database connection is opened and
closed per request whatever CONN_MAX_AGE says.

- one_hop:    the whole sync middleware chain and view in one hop, still a thread per request.
- one_thread: one hop into one long-lived worker thread per process (requests of a process run
              one at a time, as under a single-threaded WSGI worker), so the database connection
              can persist: run the server with DB_CONN_MAX_AGE=600 to measure that too.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import sync_to_async
from channels.routing import ProtocolTypeRouter
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.handlers.asgi import ASGIHandler
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponseBase

from config.asgi import application as project_application  # sets Django up

_websocket = project_application.application_mapping["websocket"]


class OneHopASGIHandler(ASGIHandler):
    """The sync middleware chain and view, called with one sync_to_async per request."""

    def __init__(self) -> None:
        super().__init__()
        self.load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


class OneThreadASGIHandler(OneHopASGIHandler):
    """As OneHop, but always on the same worker thread, which keeps its database connection."""

    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="django-sync")

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        return await sync_to_async(self._serve, thread_sensitive=False,
                                   executor=self.executor)(request)

    def _serve(self, request: HttpRequest) -> HttpResponseBase:
        # request_started/finished run in other threads here, so recycle connections ourselves.
        close_old_connections()
        try:
            return self.get_response(request)
        finally:
            close_old_connections()


def _app(handler: Any) -> ProtocolTypeRouter:
    return ProtocolTypeRouter({"http": ASGIStaticFilesHandler(handler), "websocket": _websocket})


one_hop = _app(OneHopASGIHandler())
one_thread = _app(OneThreadASGIHandler())
