"""The few persistent threads that run Quorum's sync code for the event loop: HTTP requests
(config/asgi.py) and the sockets' database reads.

Django's ASGI handler starts a new thread for every request, and Channels runs every socket's
database call on one shared thread. Under load the first put dozens of threads against the
event loop's thread for the GIL, so every turn of the loop waited and a push handed to the
channel layer reached its page 1-3 s later; the second queued every socket's connect and ping
behind one another (bench/RESULTS.md, "Wait-page pushes under load"). A few threads, shared by
both, keep the loop responsive; each keeps its database connection between calls only as long
as Django's CONN_MAX_AGE allows (the pool takes it back otherwise).
"""
from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

P = ParamSpec("P")
R = TypeVar("R")

THREAD_NAME_PREFIX = "quorum-sync"

_executor: ThreadPoolExecutor | None = None
_executor_made = threading.Lock()


def sync_threads() -> ThreadPoolExecutor:
    """The shared executor, QUORUM_SYNC_THREADS threads, made on first use."""
    global _executor
    with _executor_made:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=settings.QUORUM_SYNC_THREADS,
                                           thread_name_prefix=THREAD_NAME_PREFIX)
        return _executor


def on_sync_thread(func: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """func, to be awaited from the event loop, run on one of the shared threads. Code on it
    may call async_to_sync (a push): that runs on the server's event loop."""
    return sync_to_async(func, thread_sensitive=False, executor=sync_threads())


def database_call(func: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """As on_sync_thread, for a socket's database work: as Channels' database_sync_to_async,
    connections past their age are closed before and after."""
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        close_old_connections()
        try:
            return func(*args, **kwargs)
        finally:
            close_old_connections()
    return on_sync_thread(call)
