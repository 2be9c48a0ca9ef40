"""Side effects after commit: a push, a task, a presence update.

They run once the transaction that decided them has committed (STYLE.md, 3), and they never
turn a stored success into an error: when Redis or the worker is away, the request that stored
its change still succeeds, and the failure is logged (one line, with the error) for ops.
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from django.db import transaction

log = logging.getLogger("quorum.side_effects")


def run_logged(what: str, effect: Callable[[], Any]) -> bool:
    """Run effect now; on any error log it with `what` and return False."""
    try:
        effect()
    except Exception as error:  # noqa: BLE001  (a side effect must never fail its request)
        log.warning("%s failed: %s: %s", what, type(error).__name__, error)
        return False
    return True


async def run_logged_async(what: str, effect: Callable[[], Awaitable[Any]]) -> bool:
    """Await effect now (a socket's presence update, say); on any error log it like run_logged."""
    try:
        await effect()
    except Exception as error:  # noqa: BLE001  (a side effect must never fail its request)
        log.warning("%s failed: %s: %s", what, type(error).__name__, error)
        return False
    return True


def after_commit(what: str, effect: Callable[[], Any]) -> None:
    """Run effect after the current transaction commits (at once outside one), logged on error."""
    transaction.on_commit(lambda: run_logged(what, effect))
