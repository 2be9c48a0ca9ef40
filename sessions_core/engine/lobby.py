"""Lobby timeouts: released from an arrival-time wait page nobody could be grouped with.

A wait page with `group_by_arrival_time` may set `lobby_timeout_seconds` (or the session config
key of that name). A participant who arrives there gets a release time on their arrival row
(engine/waiting.py). Whoever is still not grouped by then is never grouped afterwards (arrival
grouping leaves them out), and the next request of theirs that reaches the server (the waiting
page's ping, poll, reload or socket) releases them: they finish the session there, flagged
`released_at`, and see the release message; their payment is the session's fixed pay only
(lifecycle/payoffs.py). The release itself takes the round's subsession lock, as arrival
grouping does, so a group formed just before the release time and the release never both
happen.

With nobody connected, the deadline scheduler does it: a participant who lands waiting at a
lobby gets its release time as their deadline (participant.timeout_at), which
lifecycle/deadlines.py fires through the same request path (engine/timeouts.py), so the release
happens on time with the browser closed, or at the server's next start.

`now` is the clock of both the release time and the check: tests replace it, and the bot
runner moves it on (lobby_clock) when bots can only wait for a lobby timeout.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from participants.models import Participant
from sessions_core.db import idmap
from sessions_core.db.side_effects import after_commit
from sessions_core.engine import timers
from sessions_core.errors import FlowError
from sessions_core.experimenter.pages import WaitPage
from sessions_core.lifecycle.deadlines import deadline_noted
from sessions_core.lifecycle.finish import session_note_finished

MESSAGE_KEY = "lobby_timeout_message"

_clock: ContextVar[datetime | None] = ContextVar("quorum_lobby_clock", default=None)


def now() -> datetime:
    """The lobby's clock: the time set by lobby_clock inside it, else the time now (tests
    replace this function)."""
    return _clock.get() or timezone.now()


@contextmanager
def lobby_clock(at: datetime) -> Iterator[None]:
    """Lobby timeouts inside see the time `at` (the bot runner lets a lone bot's lobby time
    out without waiting for it)."""
    token = _clock.set(at)
    try:
        yield
    finally:
        _clock.reset(token)


def lobby_timeout(page: WaitPage) -> float | None:
    """The page's lobby timeout in seconds, or None: none, or not an arrival-time page."""
    if not page.group_by_arrival_time:
        return None
    value: Any = page.get_lobby_timeout_seconds()
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value) or value <= 0:
        raise FlowError(f"the lobby timeout of {type(page).__name__} must be a number of seconds "
                        f"above 0 (lobby_timeout_seconds, or the session config key of that "
                        f"name), not {value!r}")
    return float(value)


def release_time(page: WaitPage) -> datetime | None:
    """When a participant arriving at the page now is released if not grouped by then."""
    seconds = lobby_timeout(page)
    return None if seconds is None else now() + timedelta(seconds=seconds)


def release_message(participant: Participant, page_class: type[WaitPage] | None) -> str:
    """What a released participant reads: the session config's text, else the page's."""
    configured = participant.session.config.get(MESSAGE_KEY)
    if isinstance(configured, str) and configured.strip():
        return configured
    return (page_class or WaitPage).lobby_timeout_message


def hold_until_release(participant: Participant, release_at: datetime | None) -> None:
    """The participant now waits at a lobby that releases them at `release_at` (None: it has no
    timeout): that is their deadline (participant.timeout_at, unless one comes sooner), so the
    deadline scheduler (lifecycle/deadlines.py) releases them even with no page open."""
    if release_at is None:
        return
    if participant.session.timers_paused_at is not None:
        # Paused timers start paused (engine/timers.py): the scheduler waits for the resume.
        participant.timeout_remaining = max(release_at - now(), timedelta(0))
        return
    if participant.timeout_at is None or release_at < participant.timeout_at:
        participant.timeout_at = release_at
        after_commit("scheduler wake", lambda: deadline_noted(release_at))


def release(participant: Participant) -> None:
    """Finish the participant as released, where they are (their position stays the lobby's,
    so the data say where they waited).

    Needs the participant's row lock; takes the session's (the last finisher computes the
    payments)."""
    moment = now()
    participant.status = Participant.Status.FINISHED
    participant.finished_at = moment
    participant.released_at = moment
    timers.clear_timer(participant)
    idmap.save_now([participant], ["status", "finished_at", "released_at", "timeout_at",
                                   "timeout_remaining"])
    session_note_finished(session_id=participant.session_id)
