"""The quorum ("pNum"): a session starts when its minimum number of participants is present.

A session with `min_participants` above 1 (from the SessionType, or the room's, set when the
session is created: Session.min_participants) holds its first arrivals in a lobby before their
first page: a participant who opens their link (a participant link, the session-wide link, a
room) arrives there (`quorum_arrived_at`) and stays "not started". The arrival that makes the
number present reach the minimum starts every one of them, in its own transaction: the session's
`quorum_reached_at` is set, and each waiting participant is started as their own first visit
would start them (flow's entry: the session's initialization once, `participant_start`, the
first page), so the lobby opens for all of them at once and their pages move on by a push
(and their poll). Whoever comes after the quorum was reached goes straight on, up to the
session's capacity (the room's, or its number of slots): the quorum is a minimum, not a cap.

Exactly once, with exactly the minimum: every arrival takes the session's row lock (after the
participant's own, the lock order of docs/architecture.md) and counts the participants present
under it, so arrivals are counted one at a time and the one that makes the count reach the
minimum is the one that starts them; a later one finds `quorum_reached_at` set. The others
waiting are locked with SKIP LOCKED: one whose row is held is in a request of their own (their
lobby page, or their lobby timeout firing), which waits for the session lock and then finds
the quorum reached and starts them (taking their lock while holding the session's could make
a lock cycle with that request).

Present: arrived in the lobby, not started, not released. A participant who closes the lobby
page still counts (the lobby cannot tell a closed tab from a slow network, and the seed's rule
is that one who drops out before the threshold leaves the session unstarted), until their
lobby timeout: with `quorum_timeout_seconds`, a participant waits that long from their own
arrival; then they are released (engine/lobby.py: finished there, `released_at`, paid the
fixed pay only, shown a message) and no longer count. Their release time is their deadline
(participant.timeout_at), so the deadline scheduler releases them with no page open. One
whose time had run out before the quorum was reached is never started by it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import QuerySet

from participants.models import Participant
from sessions_core.db import idmap
from sessions_core.engine import lobby
from sessions_core.engine.notify import notify_advance_after_commit, notify_quorum_after_commit
from sessions_core.models import Session

MESSAGE_KEY = "quorum_timeout_message"
DEFAULT_MESSAGE = ("Not enough participants arrived in time for this session to start. You "
                   "have been released from it and are paid the show-up fee.")


@dataclass(frozen=True)
class QuorumWait:
    """A participant waiting in the quorum lobby: how many are present, how many are needed,
    and the seconds until their release (None: no lobby timeout)."""

    present: int
    needed: int
    release_in: float | None


def has_lobby(session: Session) -> bool:
    """Whether the session holds its first arrivals until a quorum (no query)."""
    return (session.min_participants or 0) > 1


def release_time(participant: Participant) -> datetime | None:
    """When a participant waiting in the quorum lobby is released (None: not waiting there, or
    the lobby has no timeout)."""
    seconds = participant.session.quorum_timeout_seconds
    if seconds is None or participant.quorum_arrived_at is None:
        return None
    return participant.quorum_arrived_at + timedelta(seconds=seconds)


def present(session: Session, at: datetime) -> QuerySet[Participant]:
    """The participants present in the session's lobby at `at`: arrived, not started, not
    released, their lobby timeout not yet run out."""
    rows = Participant.objects.filter(session_id=session.pk, status=Participant.Status.NEW,
                                      quorum_arrived_at__isnull=False, released_at__isnull=True)
    if session.quorum_timeout_seconds is not None:
        rows = rows.filter(quorum_arrived_at__gt=at - timedelta(
            seconds=session.quorum_timeout_seconds))
    return rows


def arrive(participant: Participant, start: Callable[[Participant], None]) -> QuorumWait | None:
    """A participant who has not started asks for their page: hold them in the lobby (the
    QuorumWait returned), or let them start (None; the caller starts them). The arrival that
    reaches the quorum starts the others waiting with `start` first. One whose lobby timeout
    has run out is released instead (None; they have finished).

    Needs the participant's row lock, in a unit of work (engine/visit.py); takes the session's."""
    session = participant.session
    if not has_lobby(session) or (session.quorum_reached_at is not None
                                  and participant.quorum_arrived_at is None):
        return None
    _lock_session(session)
    now = lobby.now()
    due = release_time(participant)
    reached_at = session.quorum_reached_at
    if reached_at is not None:
        if due is not None and due <= reached_at:
            _release(participant)  # their time ran out before the quorum came
        return None
    if due is not None and due <= now:
        _release(participant)
        _tell_count(session, now)
        return None
    if participant.quorum_arrived_at is None:
        participant.quorum_arrived_at = now
        idmap.save_now([participant], ["quorum_arrived_at"])  # counted by the query below
        lobby.hold_until_release(participant, release_time(participant))
    count = present(session, now).count()
    needed = session.min_participants or 0
    if count < needed:
        _tell_count(session, now, count)
        due = release_time(participant)
        return QuorumWait(present=count, needed=needed,
                          release_in=None if due is None else (due - now).total_seconds())
    _reach(session, participant, now, start)
    return None


def _reach(session: Session, participant: Participant, now: datetime,
           start: Callable[[Participant], None]) -> None:
    """The quorum is reached: record it and start everyone else waiting, in this transaction."""
    session.quorum_reached_at = now
    idmap.save_now([session], ["quorum_reached_at"])
    waiting = present(session, now).exclude(pk=participant.pk).order_by("quorum_arrived_at", "pk")
    if connection.features.has_select_for_update:
        waiting = waiting.select_for_update(of=("self",), skip_locked=True)
    started = []
    for row in waiting:
        other = idmap.adopt(row)
        other.session = session
        idmap.mark_locked(other)
        start(other)
        started.append(other.pk)
    notify_advance_after_commit(started)
    notify_quorum_after_commit(session.name, {"present": session.min_participants,
                                              "needed": session.min_participants,
                                              "reached": True})


def _release(participant: Participant) -> None:
    lobby.release(participant)


def _tell_count(session: Session, now: datetime, count: int | None = None) -> None:
    """Tell the lobby's open pages how many are present now (after the commit)."""
    if count is None:
        count = present(session, now).count()
    notify_quorum_after_commit(session.name, {"present": count,
                                              "needed": session.min_participants,
                                              "reached": False})


def _lock_session(session: Session) -> None:
    """Take the session's row lock, taking in its current quorum state.

    SQLite needs no lock: its transactions here are IMMEDIATE (config/settings.py), so writers
    take turns from their first statement and the session row read is current."""
    if not connection.features.has_select_for_update:
        return
    fresh = Session.objects.select_for_update().get(pk=session.pk)
    idmap.refresh(session, fresh)


def lobby_state(participant: Participant) -> QuorumWait | None:
    """For a page or a ping: the lobby as a participant waiting in it sees it (None when they
    are not waiting in one). A read: no lock."""
    session = participant.session
    if participant.status != Participant.Status.NEW or not has_lobby(session) \
            or session.quorum_reached_at is not None or participant.quorum_arrived_at is None:
        return None
    now = lobby.now()
    due = release_time(participant)
    return QuorumWait(present=present(session, now).count(), needed=session.min_participants or 0,
                      release_in=None if due is None else max(0.0, (due - now).total_seconds()))


def release_message(participant: Participant) -> str:
    """What a participant released from the quorum lobby reads: the session config's
    quorum_timeout_message, else the default."""
    configured = participant.session.config.get(MESSAGE_KEY)
    if isinstance(configured, str) and configured.strip():
        return configured
    return DEFAULT_MESSAGE


def session_quorum_text(session: Session) -> str:
    """A session's quorum in words, for the admin and the monitor: "none", "waiting: 2 of 3
    present (each waits at most 60 s)" or "reached at 2026-03-02 09:00:05 UTC (3 of 3)"."""
    needed = session.min_participants
    if not needed or needed <= 1:
        return "none" if not needed else "1 (everyone starts at once)"
    reached = session.quorum_reached_at
    if reached is not None:
        return f"reached at {reached:%Y-%m-%d %H:%M:%S} UTC ({needed} of {needed})"
    count = present(session, lobby.now()).count()
    limit = session.quorum_timeout_seconds
    timeout = "" if limit is None else f" (each waits at most {limit:g} s)"
    return f"waiting: {count} of {needed} present{timeout}"
