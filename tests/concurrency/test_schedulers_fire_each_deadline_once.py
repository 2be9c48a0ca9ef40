"""Several server processes (here threads, each with its own connection) firing the same due
deadlines at once fire each of them exactly once."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from participants.models import Participant
from sessions_core.models import PageVisit
from tests.concurrency.participant_http import load
from tests.concurrency.threads import run_at_once
from tests.conftest import make_session, participants_of, player_of
from tests.timers.helpers import fire_at

PEOPLE = 40
SCHEDULERS = 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_schedulers_running_at_once_fire_each_deadline_once() -> None:
    session = make_session("timers", PEOPLE)
    people = participants_of(session)
    for p in people:
        load(p)
    Participant.objects.filter(session=session).update(
        timeout_at=timezone.now() - timedelta(seconds=1))
    moment = timezone.now()

    passes = run_at_once(SCHEDULERS, lambda i: fire_at(moment))

    assert sum(firing.fired for firing in passes) == PEOPLE
    assert PageVisit.objects.filter(session=session, how=PageVisit.How.TIMEOUT).count() == PEOPLE
    for p in people:
        assert player_of(p).submissions == 1
        assert Participant.objects.get(pk=p.pk).page_index == 1
