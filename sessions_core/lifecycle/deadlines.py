"""Page deadlines: finding the due ones and having them fired, pausing and resuming a session's
timers, and the scheduler that runs inside a server process.

A deadline is `participant.timeout_at` (engine/timers.py sets it when the participant lands on
a timed page), on a partial index of the running ones. Firing one is a participant's request
(engine/timeouts.py, through engine/visit.py): this module, below the engine, is handed that
function once at start (SessionsCoreConfig.ready calls deadlines_set_firer) and never imports
it.

Who fires: every server process runs a DeadlineScheduler thread when
QUORUM_TIMERS_IN_SERVER is on (the embedded default), and Celery beat can run
deadlines_fire_due_task every second (config/celery.py) in production; any number of them at
once is safe. Each firing locks the participant's row with SKIP LOCKED and only if its deadline
is still due (engine/visit.py), so a deadline that two processes both see due is fired by one,
and a participant busy with a request of its own is skipped until the next pass. Nothing is
claimed before the firing commits: a deadline that fell due while no process ran is still
stored, and the first pass after a start fires it.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection, models, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from participants.models import Participant
from sessions_core.db import idmap
from sessions_core.db.side_effects import after_commit
from sessions_core.errors import Conflict
from sessions_core.lifecycle.dropouts import DropoutPass, dropouts_check_due
from sessions_core.models import GroupStage, Session

log = logging.getLogger("quorum.deadlines")

Fire = Callable[[int, datetime], bool]
Clock = Callable[[], datetime]

BATCH = 500
# The longest a scheduler sleeps: deadlines stored by other processes are seen this late.
MAX_SLEEP = 1.0

_fire: Fire | None = None


def deadlines_set_firer(fire: Fire) -> None:
    """The function that fires one participant's due deadline (engine/timeouts.py): it takes
    the participant's id and the time now, and says whether it fired."""
    global _fire
    _fire = fire


def deadline_next() -> datetime | None:
    """The earliest running deadline (one read of the partial index)."""
    return (Participant.objects.filter(timeout_at__isnull=False).order_by("timeout_at")
            .values_list("timeout_at", flat=True).first())


def deadlines_due(*, now: datetime, limit: int = BATCH) -> list[int]:
    """The participants whose deadline is due at `now`, earliest first (a plain read: the
    firing decides under the row lock)."""
    return list(Participant.objects.filter(timeout_at__lte=now).order_by("timeout_at")
                .values_list("pk", flat=True)[:limit])


@dataclass
class Firing:
    """What one pass did: deadlines fired, and those left to another process or a later pass
    (the row was busy, or the deadline moved)."""

    fired: int = 0
    skipped: int = 0


def deadlines_fire_due(*, now: datetime, fire: Fire | None = None, workers: int = 1) -> Firing:
    """Fire every deadline due at `now`, including those that fall due by the firing (a page
    whose deadline, from participant.vars, has passed too).

    workers > 1 fires them from that many threads at once, each on its own connection: a
    firing mostly waits for the database (a handful of statements and a commit), so on
    PostgreSQL several at once go faster; SQLite takes one writer at a time anyway."""
    firer = fire or _fire
    if firer is None:
        raise RuntimeError("no deadline firer: SessionsCoreConfig.ready sets it")
    done = Firing()
    while True:
        due = deadlines_due(now=now)
        fired = _fire_all(firer, due, now, workers)
        done.fired += fired
        if not fired:
            done.skipped += len(due)
            return done


def _fire_all(fire: Fire, due: list[int], now: datetime, workers: int) -> int:
    if workers <= 1 or len(due) < 2 * workers:
        return sum(1 for pid in due if fire(pid, now))

    def share(ids: list[int]) -> int:
        try:
            return sum(1 for pid in ids if fire(pid, now))
        finally:
            connection.close()  # this thread's own connection

    # Interleaved shares, so the earliest deadlines go first in every thread.
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="quorum-timeouts") as pool:
        return sum(pool.map(share, [due[i::workers] for i in range(workers)]))


# --- pausing a session's timers ---------------------------------------------------------

@dataclass(frozen=True)
class Timers:
    session_name: str
    paused: bool
    changed: int  # participants whose timer was paused or resumed


def session_pause_timers(*, session: Session, now: datetime | None = None) -> Timers:
    """Stop every page timer of the session: each keeps the time it has left, and no deadline
    of the session fires until session_resume_timers. Pages reached meanwhile start paused."""
    at = now or timezone.now()

    def attempt() -> int:
        # Participant rows first, then the session's: the lock order of participant requests
        # (docs/architecture.md). A refusal rolls the participants' change back.
        with transaction.atomic():
            left = models.ExpressionWrapper(F("timeout_at") - Value(at),
                                            output_field=models.DurationField())
            changed = Participant.objects.filter(
                session_id=session.pk, timeout_at__isnull=False).update(
                    timeout_remaining=Greatest(left, Value(timedelta(0))), timeout_at=None)
            if not Session.objects.filter(pk=session.pk, timers_paused_at__isnull=True).update(
                    timers_paused_at=at):
                raise Conflict(f"the timers of session {session.name} are paused already")
            return changed

    changed = idmap.retrying(attempt)
    return Timers(session_name=session.name, paused=True, changed=changed)


def session_resume_timers(*, session: Session, now: datetime | None = None) -> Timers:
    """Start the session's paused timers again, each with the time it had left."""
    at = now or timezone.now()

    def attempt() -> int:
        with transaction.atomic():  # participants, then the session, as in pausing
            deadline = models.ExpressionWrapper(Value(at) + F("timeout_remaining"),
                                                output_field=models.DateTimeField())
            changed = Participant.objects.filter(
                session_id=session.pk, timeout_remaining__isnull=False).update(
                    timeout_at=deadline, timeout_remaining=None)
            _shift_group_timers(session, at)
            if not Session.objects.filter(pk=session.pk, timers_paused_at__isnull=False).update(
                    timers_paused_at=None):
                raise Conflict(f"the timers of session {session.name} are not paused")
            after_commit("scheduler wake", lambda: deadline_noted(at))
            return changed

    changed = idmap.retrying(attempt)
    return Timers(session_name=session.name, paused=False, changed=changed)


def _shift_group_timers(session: Session, at: datetime) -> None:
    """Group timers (engine/stages.py) running at the pause are shifted by the pause's length,
    so a member who lands on such a page after the resume gets what the others got."""
    paused_at = Session.objects.filter(pk=session.pk).values_list("timers_paused_at",
                                                                  flat=True).first()
    if paused_at is not None:
        GroupStage.objects.filter(session_id=session.pk, deadline__gt=paused_at).update(
            deadline=F("deadline") + Value(at - paused_at))


# --- the scheduler inside a server process ----------------------------------------------

class DeadlineScheduler:
    """Fires due deadlines from a thread of the server process: at start (deadlines that fell
    due while the server was down), then at each next deadline, looking at least every
    MAX_SLEEP seconds (other processes store deadlines too). A request of this process that
    stores an earlier deadline wakes it (deadline_noted). `clock` is injectable for tests,
    which call run_once instead of start."""

    def __init__(self, *, clock: Clock = timezone.now, fire: Fire | None = None,
                 workers: int | None = None) -> None:
        self.clock = clock
        self.fire = fire
        self.workers = firing_workers() if workers is None else workers
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._planned: datetime | None = None
        self._thread: threading.Thread | None = None

    def run_once(self) -> Firing:
        return deadlines_fire_due(now=self.clock(), fire=self.fire, workers=self.workers)

    def check_dropouts(self) -> DropoutPass:
        """Mark the participants silent too long (lifecycle/dropouts.py): before the firing,
        so the pages a marking makes due are fired in the same pass."""
        return dropouts_check_due(now=self.clock())

    def note(self, at: datetime) -> None:
        planned = self._planned
        if planned is None or at < planned:
            self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="quorum-deadlines", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            delay = MAX_SLEEP
            close_old_connections()
            try:
                self.check_dropouts()
                self.run_once()
                following = deadline_next()
                if following is not None:
                    delay = min(MAX_SLEEP, max(0.0, (following - self.clock()).total_seconds()))
                    self._planned = following
            except Exception as error:  # noqa: BLE001  (the database may be back next time)
                log.warning("firing deadlines failed: %s: %s", type(error).__name__, error)
            finally:
                close_old_connections()
            self._wake.wait(delay)
            self._wake.clear()
            self._planned = None


def firing_workers() -> int:
    """QUORUM_TIMER_WORKERS threads fire due deadlines at once; one on SQLite (one writer)."""
    if connection.vendor == "sqlite":
        return 1
    return max(1, int(settings.QUORUM_TIMER_WORKERS))


_scheduler: DeadlineScheduler | None = None
_scheduler_lock = threading.Lock()


def scheduler_start() -> DeadlineScheduler:
    """Start this process's scheduler (once; config/asgi.py calls it when
    QUORUM_TIMERS_IN_SERVER is on)."""
    global _scheduler
    with _scheduler_lock:
        if _scheduler is None:
            _scheduler = DeadlineScheduler()
            _scheduler.start()
        return _scheduler


def deadline_noted(at: datetime) -> None:
    """A request of this process stored a deadline at `at` (after its commit): the scheduler
    wakes if that is sooner than it planned."""
    if _scheduler is not None:
        _scheduler.note(at)
