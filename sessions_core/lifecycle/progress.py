"""Progress of a session's initialization, for the admin to show while it runs.

Kept in Django's cache (Redis in production, so every process sees it; memory in the embedded
default), never in the database: the initialization writes it from inside its own transaction,
which nobody else can see until it commits. The stored session's `initialized` column stays the
one truth about whether it is done; this says how far a run has got.

Reporting is best effort: when the cache cannot be reached the initialization goes on, one line
is logged, and that run reports nothing more.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils import timezone

log = logging.getLogger(__name__)

# How long a report is kept: long enough to see how a run ended, short enough to clean itself up.
PROGRESS_SECONDS = 24 * 3600


class State:
    QUEUED = "queued"      # the task was sent to the worker
    RUNNING = "running"    # a task or a first page load is creating the rows
    SAVING = "saving"      # every step done, the transaction is committing
    FAILED = "failed"      # the run raised; `detail` says what
    NOT_QUEUED = "not_queued"  # the worker could not be reached: the first page load will do it


def _key(session_name: str) -> str:
    # By name, never by id: a database made anew (a test run, a restore) reuses ids, while the
    # cache may still hold the reports of the sessions that had them.
    return f"session-initialization:{session_name}"


def _write(session_name: str, report: dict[str, Any]) -> bool:
    try:
        cache.set(_key(session_name), {**report, "at": timezone.now().isoformat()},
                  PROGRESS_SECONDS)
    except Exception as error:  # noqa: BLE001  (progress must never fail an initialization)
        log.warning("initialization progress of session %s not recorded: %s: %s",
                    session_name, type(error).__name__, error)
        return False
    return True


def initialization_progress(session_name: str) -> dict[str, Any] | None:
    """The last report for the session ({state, done, total, detail, at}), or None."""
    try:
        found = cache.get(_key(session_name))
    except Exception as error:  # noqa: BLE001  (the admin page shows "unknown" instead)
        log.warning("initialization progress of session %s not readable: %s: %s",
                    session_name, type(error).__name__, error)
        return None
    return found if isinstance(found, dict) else None


def initialization_mark(session_name: str, state: str, detail: str = "") -> None:
    """Record a state that no running initialization reports (queued, not queued)."""
    _write(session_name, {"state": state, "done": 0, "total": 0, "detail": detail})


@dataclass
class InitializationReporter:
    """One run's reports: start(total), step(what) after each unit of work, then end or fail."""

    session_name: str
    total: int = 0
    done: int = 0
    enabled: bool = True

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        self._report(State.RUNNING, "starting")

    def step(self, what: str) -> None:
        self.done += 1
        self._report(State.RUNNING, what)

    def end(self) -> None:
        self._report(State.SAVING, "saving")

    def fail(self, error: BaseException) -> None:
        self._report(State.FAILED, f"{type(error).__name__}: {error}")

    def _report(self, state: str, detail: str) -> None:
        if self.enabled:
            self.enabled = _write(self.session_name, {"state": state, "done": self.done,
                                                    "total": self.total, "detail": detail})
