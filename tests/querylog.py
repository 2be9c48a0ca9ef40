"""Every SQL statement a piece of socket code runs, and whether it ran inside a transaction.

Consumers reach the database through database_sync_to_async, which (under async_to_sync from
the test's thread) runs on the test's thread: the log is installed there, on its connection."""
from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from channels.db import database_sync_to_async
from django.db import connection


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


@asynccontextmanager
async def logged_queries() -> AsyncIterator[QueryLog]:
    log = QueryLog()
    # `connection` names the calling thread's connection: look it up on the database thread.
    await database_sync_to_async(lambda: connection.execute_wrappers.append(log))()
    try:
        yield log
    finally:
        await database_sync_to_async(lambda: connection.execute_wrappers.remove(log))()
