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

The last two race other units: 40 sessions (condition_unit "session") started at once get one
condition each, 10 per cell; the two members of each of 50 groups (condition_unit "group")
reading group.condition at once get one assignment between them. Without the pool's lock the
first ended 9 apart and the second inserted a group's assignment twice (the unique constraint
refused the second: an error page).
"""
from __future__ import annotations

import pytest
from django.test import Client

from participants.models import Participant
from sessions_core.conditions.models import ConditionAssignment
from sessions_core.db import idmap
from sessions_core.lifecycle.services import participant_start, session_initialize
from tests.concurrency.participant_http import load, submit_page
from tests.concurrency.test_room_joins import run_together
from tests.conditions.helpers import cell_counts, spread, stored_session
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


def test_40_sessions_started_at_once_get_one_condition_each_balanced() -> None:
    sessions = [make_session("cond_session", 2) for _ in range(40)]
    urls = [url_of(p) for session in sessions for p in participants_of(session)]

    statuses = run_together(len(urls), lambda i: Client().get(urls[i]).status_code)

    assert statuses == [200] * len(urls)
    assert ConditionAssignment.objects.filter(unit="session").count() == 40
    for session in sessions:
        assert stored_session(session) is not None
    counts = cell_counts("cond_session")
    assert sum(counts.values()) == 40 and spread(counts) <= 1, counts


def test_members_of_one_group_reading_its_condition_at_once_share_one_assignment() -> None:
    sessions = [make_session("cond_group", 4) for _ in range(25)]
    everyone = [p for session in sessions for p in participants_of(session)]
    for participant in everyone:
        load(participant)  # Intro: nobody has read a condition yet

    pages = run_together(len(everyone), lambda i: submit_page(everyone[i], "0-1-0",
                                                              {"answer": "x"}))

    assert [page.status_code for page in pages] == [200] * len(everyone)
    shown = [page.content.decode().split('id="condition">', 1)[1].split("<", 1)[0]
             for page in pages]
    for first in range(0, len(everyone), 2):  # id_in_session 1-2 and 3-4 are groups 1 and 2
        assert shown[first] == shown[first + 1]
    assert ConditionAssignment.objects.filter(unit="group").count() == 50
    counts = cell_counts("cond_group")
    assert spread(counts) <= 1, counts
