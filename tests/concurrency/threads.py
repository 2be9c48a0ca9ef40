"""Run one action in many threads at the same moment, each on its own database connection."""
from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.db import connection

T = TypeVar("T")

# Bounds, not pauses: a thread that waits longer than this has deadlocked.
START_TIMEOUT = 60
FINISH_TIMEOUT = 120


def run_at_once(count: int, action: Callable[[int], T]) -> list[T]:
    """Call action(0) .. action(count - 1) in `count` threads released together by a barrier.

    Each thread connects before the barrier (so connecting does not spread the start) and
    closes its connection at the end. The first exception of any thread is raised here.
    """
    barrier = threading.Barrier(count)

    def worker(index: int) -> T:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=START_TIMEOUT)
            return action(index)
        except BaseException:
            barrier.abort()  # the others stop waiting for a thread that will never arrive
            raise
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [pool.submit(worker, index) for index in range(count)]
        return [future.result(timeout=FINISH_TIMEOUT) for future in futures]
