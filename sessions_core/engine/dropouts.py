"""Dropouts: what happens to a participant whose pages have gone silent, and to one who comes
back.

A session whose config sets `dropout_after_seconds` watches each participant from their start
(watch: `participant.dropout_check_at`, written with the position by the unit of work).
lifecycle/dropouts.py finds who has been silent that long; engine/visit.py locks them and calls
drop_out, which marks them (`participant.dropped_out_at`), runs the app's module-level
`on_dropout(participant)` hook if it has one, and then, unless the session's config sets
`dropout_pages_time_out` to False, times their pages out: the page they are on is due at once,
and every page they land on afterwards too (landed), so they go through the session as page
timeouts take them (engine/timeouts.py), through wait pages as they open, and their group goes
on. A page of theirs that connects again (returned, from the participant socket) records when
they came back and stops the timeouts of the pages they land on from then; the mark stays.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from participants.models import Participant
from sessions_core.db.side_effects import after_commit
from sessions_core.engine import timers
from sessions_core.experimenter.registry import experiment_app
from sessions_core.experimenter.session_types import DROPOUT_TIMEOUTS_KEY
from sessions_core.lifecycle.deadlines import deadline_noted
from sessions_core.lifecycle.dropouts import dropout_after

log = logging.getLogger("quorum.dropouts")

HOOK = "on_dropout"


def watch(participant: Participant, now: datetime) -> None:
    """The participant starts: the server looks whether they went silent a tolerance from now
    (not in a bot run: bots have no pages open)."""
    tolerance = dropout_after(participant.session.config)
    if tolerance is not None and not timers.is_untimed():
        participant.dropout_check_at = now + tolerance


def pages_time_out(participant: Participant) -> bool:
    """Whether the participant's pages are timed out now: dropped out, not back, and the
    session does not turn it off."""
    return (participant.dropped_out_at is not None and participant.dropout_returned_at is None
            and participant.session.config.get(DROPOUT_TIMEOUTS_KEY, True) is not False)


def landed(participant: Participant, now: datetime) -> None:
    """The participant has landed on a page (not a wait page): a dropped-out participant's page
    is due at once (paused timers hold it, with no time left)."""
    if pages_time_out(participant) and participant.status == Participant.Status.PLAYING:
        _due_now(participant, now)


def drop_out(participant: Participant, now: datetime) -> None:
    """Mark the participant as dropped out at `now` and do what the experimenter chose (see
    the module's docstring). Needs the participant's row lock (engine/visit.py)."""
    participant.dropped_out_at = now
    participant.dropout_check_at = None
    log.info("participant %s of session %s dropped out (silent for %s)", participant.pk,
             participant.session.name, dropout_after(participant.session.config))
    label = participant.session.app_sequence[participant.app_index]
    hook = experiment_app(label).hook(HOOK)
    if callable(hook):
        hook(participant)
    if pages_time_out(participant) and participant.status == Participant.Status.PLAYING:
        _due_now(participant, now)


def _due_now(participant: Participant, now: datetime) -> None:
    # A wait page's deadline looks again whether it opened (engine/flow.py timer_ran_out).
    if participant.session.timers_paused_at is not None:
        participant.timeout_at = None
        participant.timeout_remaining = timedelta(0)
        return
    participant.timeout_at = now
    participant.timeout_remaining = None
    after_commit("scheduler wake", lambda: deadline_noted(now))


def participant_returned(participant_id: int, now: datetime) -> bool:
    """A page of the participant connected: if they were dropped out and not back yet, record
    when they came back. One indexed read for everyone else, who are not written to (a page's
    connect stays read-only). True if this call recorded it."""
    away = Participant.objects.filter(pk=participant_id, dropped_out_at__isnull=False,
                                      dropout_returned_at__isnull=True)
    return away.exists() and bool(away.update(dropout_returned_at=now))
