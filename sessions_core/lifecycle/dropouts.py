"""Dropouts: finding the participants whose pages have gone silent longer than their session's
`dropout_after_seconds`, and having them marked (engine/dropouts.py does the marking).

Heartbeats never touch the database: a participant's open pages touch presence (Redis, or the
process's memory; sessions_core/web/presence.py), which remembers when each participant was
last seen. The database only holds `participant.dropout_check_at`, the next time the server
looks, on a partial index as page deadlines are. Each pass of the deadline scheduler (a thread
in every server process, or Celery beat: lifecycle/deadlines.py) takes the checks that are due,
reads the last-seen times of their sessions (one presence read per session), and then either
moves a participant's check to `last seen + tolerance` (one UPDATE per participant per
tolerance, whatever the number of heartbeats) or, when that time has passed, has them marked.

Silence counts from the latest of: the participant's last heartbeat (or page closing), their
start, and this process's start (a restarted server with presence in memory has forgotten
everyone's last heartbeat: their pages get a whole tolerance to reconnect).

Presence lives a layer up (web/) and marking is a participant's request (engine/visit.py):
SessionsCoreConfig.ready hands both in (dropouts_set_handlers), as it hands the deadline firer.
Marking locks the participant's row with SKIP LOCKED, only while they are still playing, not
marked and due, so two schedulers never mark one participant twice.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone

from participants.models import Participant
from sessions_core.experimenter.session_types import DROPOUT_AFTER_KEY, dropout_after_problem

log = logging.getLogger("quorum.dropouts")

# session name -> {participant id (text): epoch seconds last seen}; raises when unavailable.
SeenReader = Callable[[str], dict[str, float]]
# Mark the participant (id) as dropped out at `now` if still due; True if this call did.
Marker = Callable[[int, datetime], bool]

BATCH = 500
# A marking that raised (the app's on_dropout hook, say) is tried again this much later.
RETRY_FAILED = timedelta(seconds=60)
PROCESS_STARTED = timezone.now()

_seen: SeenReader | None = None
_mark: Marker | None = None


def dropouts_set_handlers(*, seen: SeenReader, mark: Marker) -> None:
    """Presence's last-seen reader and the engine's marker (SessionsCoreConfig.ready)."""
    global _seen, _mark
    _seen, _mark = seen, mark


def dropout_after(config: dict[str, Any] | None) -> timedelta | None:
    """The session's tolerance of silence, or None: off (the default), or a value that cannot
    be used (a per-session override; logged: the SessionType's own is checked at start)."""
    value = (config or {}).get(DROPOUT_AFTER_KEY)
    if value is None:
        return None
    problem = dropout_after_problem(value)
    if problem:
        log.warning("dropouts off: %s", problem)
        return None
    return timedelta(seconds=float(value))


@dataclass
class DropoutPass:
    """What one pass did: participants marked, checks moved on (they were heard from), checks
    ended (finished, or no tolerance any more), checks left for later (presence unreadable)."""

    marked: int = 0
    moved: int = 0
    ended: int = 0
    unavailable: int = 0


def dropouts_check_due(*, now: datetime, seen: SeenReader | None = None,
                       mark: Marker | None = None, limit: int = BATCH) -> DropoutPass:
    """Look at every participant whose dropout check is due at `now` (up to `limit`)."""
    reader, marker = seen or _seen, mark or _mark
    done = DropoutPass()
    if reader is None or marker is None:
        return done  # not handed in (a process that never ran SessionsCoreConfig.ready)
    rows: list[dict[str, Any]] = [dict(row) for row in Participant.objects.filter(
        dropout_check_at__lte=now).order_by("dropout_check_at").values(
            "pk", "status", "started_at", "dropped_out_at", "session__name",
            "session__config")[:limit]]
    by_session: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if (row["status"] != Participant.Status.PLAYING or row["dropped_out_at"] is not None
                or dropout_after(row["session__config"]) is None):
            done.ended += _end_check(row["pk"], now)
        else:
            by_session.setdefault(row["session__name"], []).append(row)
    for session_name, members in by_session.items():
        _check_session(session_name, members, now, reader, marker, done)
    return done


def _check_session(session_name: str, members: list[dict[str, Any]], now: datetime,
                   reader: SeenReader, marker: Marker, done: DropoutPass) -> None:
    try:
        last_seen = reader(session_name)
    except Exception as error:  # noqa: BLE001  (Redis down: nobody can be told silent)
        log.warning("dropout check of session %s skipped: presence unreadable: %s: %s",
                    session_name, type(error).__name__, error)
        done.unavailable += len(members)
        return
    for row in members:
        tolerance = dropout_after(row["session__config"])
        assert tolerance is not None
        heard = _last_heard(row, last_seen.get(str(row["pk"])))
        if heard + tolerance > now:
            done.moved += Participant.objects.filter(
                pk=row["pk"], dropout_check_at__lte=now).update(
                    dropout_check_at=heard + tolerance)
        elif _marked(marker, row["pk"], now):
            done.marked += 1


def _last_heard(row: dict[str, Any], seen: float | None) -> datetime:
    """When the participant was last heard of: see the module's docstring."""
    moments = [PROCESS_STARTED]
    if row["started_at"] is not None:
        moments.append(row["started_at"])
    if seen is not None:
        moments.append(datetime.fromtimestamp(seen, tz=UTC))
    return max(moments)


def _marked(marker: Marker, participant_id: int, now: datetime) -> bool:
    try:
        return marker(participant_id, now)
    except Exception as error:  # noqa: BLE001  (one broken hook must not stop the others)
        log.warning("dropout of participant %s failed: %s: %s; trying again in %s s",
                    participant_id, type(error).__name__, error, RETRY_FAILED.total_seconds())
        Participant.objects.filter(pk=participant_id, dropout_check_at__lte=now).update(
            dropout_check_at=now + RETRY_FAILED)
        return False


def _end_check(participant_id: int, now: datetime) -> int:
    return Participant.objects.filter(pk=participant_id, dropout_check_at__lte=now).update(
        dropout_check_at=None)
