"""Assignments made at the same moment stay balanced: 200 participants of a 2 × 2 starting
together end with every cell within 1 of the others, whether in one session or spread over 10
sessions started at the same instant.

Each thread has its own database connection (PostgreSQL; at most as many at once as the server
can spare, tests/concurrency/test_room_joins.run_together). Without the pool's row lock
(services._lock_pool) the first two fail (seen: cells 20 and 8 apart): concurrent assignments
count the same committed rows and pick the same least-used cells.

The third makes the starts as browsers do, first page loads through Django's whole request
path. Those of one session take turns on the session's row (session_initialize locks it on
every entry), so only the 10 sessions run at once: without the pool's lock it failed in one
run (cells 2 apart) and passed in another, by luck of the ties. It checks the production path;
the first two check the lock.
"""
from __future__ import annotations

import pytest
from django.test import Client

from participants.models import Participant
from sessions_core.db import idmap
from sessions_core.lifecycle.services import participant_start, session_initialize
from tests.concurrency.test_room_joins import run_together
from tests.conditions.helpers import cell_counts, spread
from tests.conftest import make_session, participants_of, url_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

UNITS = 200


def start(pk: int) -> None:
    """A participant's first entry as the flow makes it: their row locked, then started."""
    def attempt() -> None:
        with idmap.unit_of_work():
            participant = idmap.adopt(Participant.objects.select_related("session")
                                      .select_for_update(of=("self",)).get(pk=pk))
            participant_start(participant=participant)

    idmap.retrying(attempt)


def test_200_participants_starting_at_once_fill_a_2x2_within_one() -> None:
    session = make_session("cond_participant", UNITS)
    session_initialize(session=session)
    ids = [p.pk for p in participants_of(session)]

    run_together(UNITS, lambda i: start(ids[i]))

    counts = cell_counts("cond_participant")
    assert sum(counts.values()) == UNITS
    assert spread(counts) <= 1, counts
    assert Participant.objects.filter(session=session, condition__isnull=True).count() == 0


def test_200_participants_of_10_sessions_started_at_once_fill_a_2x2_within_one() -> None:
    sessions = [make_session("cond_participant", UNITS // 10) for _ in range(10)]
    who = [(session, p.pk) for session in sessions for p in participants_of(session)]

    def start_in_new_session(i: int) -> None:
        session, pk = who[i]
        session_initialize(session=session)  # the first of each session initializes it
        start(pk)

    run_together(UNITS, start_in_new_session)

    counts = cell_counts("cond_participant")
    assert sum(counts.values()) == UNITS
    assert spread(counts) <= 1, counts


def test_200_first_page_loads_over_10_sessions_started_at_once_fill_a_2x2_within_one() -> None:
    sessions = [make_session("cond_participant", UNITS // 10) for _ in range(10)]
    urls = [url_of(p) for session in sessions for p in participants_of(session)]

    statuses = run_together(UNITS, lambda i: Client().get(urls[i]).status_code)

    assert statuses == [200] * UNITS
    counts = cell_counts("cond_participant")
    assert sum(counts.values()) == UNITS
    assert spread(counts) <= 1, counts
