"""Deadlines live in the database: one that fell due while no server ran is fired by the first
scheduler that starts, whichever process it is in."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest

from participants.models import Participant
from sessions_core.lifecycle.deadlines import DeadlineScheduler
from sessions_core.lifecycle.tasks import deadlines_fire_due_task
from tests.conftest import make_session, participants_of, visit
from tests.timers.helpers import deadline_of, page_of, timeouts_of


@pytest.mark.django_db(transaction=True)
def test_a_deadline_that_fell_due_while_the_server_was_down_fires_when_a_scheduler_starts() -> None:
    first, _ = participants_of(make_session("timers", 2))
    visit(first)
    # The server stops here; by the time a new one starts the deadline has long passed.
    restarted_at = deadline_of(first) + timedelta(hours=2)
    scheduler = DeadlineScheduler(clock=lambda: restarted_at)
    scheduler.start()  # its thread's first pass catches up, before any deadline of its own
    try:
        for _ in range(100):  # a bound, not a pause to a deadline
            if page_of(first) != "Choose":
                break
            time.sleep(0.05)
    finally:
        scheduler.stop()
    assert page_of(first) == "Task1"
    assert timeouts_of(first) == ["Choose"]


@pytest.mark.django_db
def test_celery_beats_task_fires_the_deadlines_due_now() -> None:
    first, second = participants_of(make_session("timers", 2))
    visit(first)
    visit(second)
    Participant.objects.filter(pk=first.pk).update(timeout_at=deadline_of(first) - timedelta(
        seconds=61))  # as if its page had been shown a minute ago
    assert deadlines_fire_due_task() == 1
    assert (page_of(first), page_of(second)) == ("Task1", "Choose")


def test_celery_beat_runs_the_task_every_second() -> None:
    from config.celery import app

    [entry] = [e for e in app.conf.beat_schedule.values()
               if e["task"] == "sessions_core.lifecycle.tasks.deadlines_fire_due_task"]
    assert entry["schedule"] == 1.0
