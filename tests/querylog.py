"""Every SQL statement a piece of socket code runs, and whether it ran inside a transaction.

Consumers reach the database on the shared sync threads (sessions_core/web/threads.py), each
with its own connection: the log is installed on every one of them (and on the test's thread,
where database_sync_to_async runs under async_to_sync)."""
from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings
from django.db import connection

from sessions_core.web.threads import sync_threads


@dataclass(frozen=True)
class Query:
    sql: str
    in_transaction: bool


@dataclass
class QueryLog:
    queries: list[Query] = field(default_factory=list)

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool,
                 context: dict[str, Any]) -> Any:
        db = context["connection"]
        self.queries.append(Query(sql, db.in_atomic_block or not db.get_autocommit()))
        return execute(sql, params, many, context)

    @property
    def locking(self) -> list[str]:
        return [q.sql for q in self.queries if "FOR UPDATE" in q.sql.upper()]

    @property
    def in_transactions(self) -> list[str]:
        return [q.sql for q in self.queries if q.in_transaction]


def _on_every_sync_thread(action: Callable[[], None]) -> None:
    """Run action once on each shared sync thread (each task waits for all the others, so no
    thread takes two)."""
    count = settings.QUORUM_SYNC_THREADS
    everyone = threading.Barrier(count, timeout=10)

    def once() -> None:
        everyone.wait()
        action()

    for done in [sync_threads().submit(once) for _ in range(count)]:
        done.result(timeout=20)


@asynccontextmanager
async def logged_queries() -> AsyncIterator[QueryLog]:
    log = QueryLog()

    # `connection` names the calling thread's connection: look it up on each database thread.
    def install() -> None:
        connection.execute_wrappers.append(log)

    def remove() -> None:
        connection.execute_wrappers.remove(log)

    await database_sync_to_async(install)()
    await database_sync_to_async(_on_every_sync_thread)(install)
    try:
        yield log
    finally:
        await database_sync_to_async(remove)()
        await database_sync_to_async(_on_every_sync_thread)(remove)
