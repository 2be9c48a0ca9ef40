"""Several server processes (here threads, each with its own connection) checking the same
silent participants at once mark each of them once, and the on_dropout hook runs once each."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from participants.models import Participant
from sessions_core.lifecycle.deadlines import DeadlineScheduler
from tests.concurrency.participant_http import load
from tests.concurrency.threads import run_at_once
from tests.conftest import make_session, participants_of

PEOPLE = 20
SCHEDULERS = 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_schedulers_running_at_once_mark_each_silent_participant_once() -> None:
    session = make_session("dropouts_hook", PEOPLE)
    people = participants_of(session)
    for p in people:
        load(p)  # started; no page of theirs ever sends a heartbeat
    moment = timezone.now() + timedelta(seconds=61)

    passes = run_at_once(SCHEDULERS,
                         lambda i: DeadlineScheduler(clock=lambda: moment).check_dropouts())

    assert sum(checked.marked for checked in passes) == PEOPLE
    for p in Participant.objects.filter(session=session):
        assert p.dropped_out_at == moment
        assert p.vars["hook_calls"] == 1
