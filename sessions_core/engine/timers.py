"""Page timers: a page's deadline, stored when the participant lands on the page, and what a
timeout stores.

A page with `timeout_seconds` (or `get_timeout_seconds()`, which may return an expiry an app
keeps in participant.vars minus the time now, as oTree apps do for deadlines spanning pages)
gets its deadline when the participant lands on it, in the request that lands them there:
`participant.timeout_at`, written with the position by the unit of work (no query of its own).
While the session's timers are paused the page's time goes to `participant.timeout_remaining`
instead, and resuming turns it into a deadline (lifecycle/deadlines.py). Leaving the page clears
both. lifecycle/deadlines.py finds the deadlines that are due and engine/timeouts.py fires them,
through engine/visit.py, under the participant's row lock.

A participant whom the server moved on (a fired timeout, the lab manager's advance) and who now
waits at a wait page gets a deadline too, `RECHECK` from now: nobody's browser may come back to
pass that wait page once it opens. The request that opens the barrier brings those deadlines to
now after its commit (wake_after_commit), so they move on at once; the recheck is the fallback.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from participants.models import Participant, format_position
from sessions_core.db.side_effects import after_commit
from sessions_core.experimenter.fields import ExperimentField
from sessions_core.experimenter.pages import BasePage, Page, call_page_method
from sessions_core.lifecycle.deadlines import deadline_noted

if TYPE_CHECKING:
    from sessions_core.engine.forms import PageForm

RECHECK = timedelta(seconds=30)
# A browser whose countdown reached 0 posts the form as a timeout; its clock follows the
# server's (the page carries the server's time), but the post takes a moment to arrive.
BROWSER_EARLY = timedelta(seconds=1.5)
TIMEOUT_FIELD = "_quorum_timeout"

_server_moved: ContextVar[bool] = ContextVar("quorum_server_moved", default=False)
_untimed: ContextVar[bool] = ContextVar("quorum_untimed", default=False)
_clock: ContextVar[datetime | None] = ContextVar("quorum_timers_clock", default=None)


def now() -> datetime:
    """The time timers start from: the time a deadline is fired at while it is being fired
    (timers_clock), so pages it leads to time from then; else the time now."""
    return _clock.get() or timezone.now()


@contextmanager
def timers_clock(at: datetime) -> Iterator[None]:
    token = _clock.set(at)
    try:
        yield
    finally:
        _clock.reset(token)


@contextmanager
def untimed() -> Iterator[None]:
    """No page timers start inside (the bot runner: bots submit every page themselves, and
    `Submission(..., timeout_happened=True)` says when a page times out)."""
    token = _untimed.set(True)
    try:
        yield
    finally:
        _untimed.reset(token)


def is_untimed() -> bool:
    """Whether this runs inside untimed() (a bot run)."""
    return _untimed.get()


@contextmanager
def moved_by_server() -> Iterator[None]:
    """The request running inside moves a participant on without their browser (a timeout the
    scheduler fires, the lab manager's advance)."""
    token = _server_moved.set(True)
    try:
        yield
    finally:
        _server_moved.reset(token)


def page_seconds(page: BasePage) -> float | None:
    """The page's time limit in seconds (None: no timer), from get_timeout_seconds()."""
    seconds = call_page_method(page, "get_timeout_seconds", page.player)
    if seconds is None:
        return None
    value = float(seconds)
    if math.isnan(value):
        return None
    return value


def set_timer(participant: Participant, page: BasePage, now: datetime) -> None:
    """Start (or, while the session's timers are paused, hold) the timer of the page the
    participant has just landed on; clear it for a page without one."""
    seconds = page_seconds(page) if isinstance(page, Page) else None
    participant.timeout_at = None
    participant.timeout_remaining = None
    if seconds is None or math.isinf(seconds) or _untimed.get():
        return
    # A deadline already passed (an expiry in participant.vars) is due at once.
    left = timedelta(seconds=max(0.0, seconds))
    if participant.session.timers_paused_at is not None:
        participant.timeout_remaining = left
    else:
        participant.timeout_at = now + left
        after_commit("scheduler wake", lambda: deadline_noted(now + left))


def bring_forward(participant: Participant, at: datetime) -> None:
    """Make `at` the deadline of the page the participant has just landed on if it comes
    before the one set_timer gave it (a group timer: engine/stages.py); while the session's
    timers are paused, what is left of it from the pause."""
    if is_untimed():
        return
    paused_at = participant.session.timers_paused_at
    if paused_at is not None:
        left = max(at - paused_at, timedelta(0))
        if participant.timeout_remaining is None or left < participant.timeout_remaining:
            participant.timeout_remaining = left
    elif participant.timeout_at is None or at < participant.timeout_at:
        participant.timeout_at = at
        after_commit("scheduler wake", lambda: deadline_noted(at))


def set_waiting(participant: Participant, now: datetime) -> None:
    """The participant waits at a wait page that has not opened: a deadline to look again only
    when the server moved them here (their browser may be gone)."""
    participant.timeout_remaining = None
    participant.timeout_at = now + RECHECK if _server_moved.get() and not _untimed.get() else None


def clear_timer(participant: Participant) -> None:
    participant.timeout_at = None
    participant.timeout_remaining = None


def remaining_seconds(participant: Participant, now: datetime | None = None) -> float | None:
    """What the page's timer has left (the countdown), or None without a timer."""
    if participant.timeout_remaining is not None:
        return participant.timeout_remaining.total_seconds()
    if participant.timeout_at is None:
        return None
    return (participant.timeout_at - (now or timezone.now())).total_seconds()


def participant_timer_state(session_name: str, participant_name: str) -> dict[str, Any] | None:
    """Where the participant is and what their page's timer has left (None: no timer), paused
    or not: one plain read."""
    row = (Participant.objects.filter(session__name=session_name, name=participant_name)
           .values("status", "app_index", "round_number", "page_index", "timeout_at",
                   "timeout_remaining").first())
    if row is None:
        return None
    left = row["timeout_remaining"]
    paused = left is not None
    if not paused and row["timeout_at"] is not None:
        left = row["timeout_at"] - timezone.now()
    return {"status": row["status"],
            "position": format_position(row["app_index"], row["round_number"], row["page_index"]),
            "remaining": None if left is None else round(max(0.0, left.total_seconds()), 3),
            "paused": paused}


def browser_timeout_due(participant: Participant, now: datetime) -> bool:
    """Whether a browser's "time is up" post is one: the timer runs and is (nearly) out."""
    return participant.timeout_at is not None and participant.timeout_at <= now + BROWSER_EARLY


def timer_due(participant: Participant, now: datetime) -> bool:
    """Whether the timer of the participant's page has run out (a paused one never has)."""
    return participant.timeout_at is not None and participant.timeout_at <= now


def neutral_value(field: Any) -> Any:
    """What a timeout stores in a field the page did not say (oTree's rule): the field's
    initial value, else 0 for numbers, False for a boolean, "" for text."""
    if field.has_default():
        return field.get_default()
    kind = getattr(field, "form_kind", "")
    if kind == "boolean":
        return False
    if kind == "integer":
        return 0
    if kind == "float":
        return 0.0
    if kind == "currency":
        return Decimal(0)
    if kind in ("string", "longstring"):
        return ""
    return None


def apply_timeout_values(page: Page, form: PageForm) -> None:
    """On a timeout, store each field's timeout_submission value, else the valid value the
    browser sent with its "time is up" post, else the field's neutral value (neutral_value),
    without validation."""
    submitted = dict(page.timeout_submission or {})
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    instance = form.instance
    for name in form.fields:
        if name in submitted:
            value = submitted[name]
        elif name in cleaned and name not in form.errors and cleaned[name] not in (None, ""):
            value = cleaned[name]
        else:
            field = instance._meta.get_field(name)
            value = neutral_value(field) if isinstance(field, ExperimentField) else None
        setattr(instance, name, value)


def wake_after_commit(member_ids: list[int], position: dict[str, int]) -> None:
    """After a barrier opened: the members the server moved to it (they have a recheck
    deadline) move on now, without waiting for the recheck."""
    if member_ids and not _untimed.get():
        ids = list(member_ids)
        after_commit("wake server-moved members", lambda: _wake(ids, position))


def _wake(member_ids: list[int], position: dict[str, int]) -> None:
    now = timezone.now()
    woken = Participant.objects.filter(pk__in=member_ids, timeout_at__gt=now,
                                       **position).update(timeout_at=now)
    if woken:
        deadline_noted(now)
