"""max_sessions holds when the first entries of many sessions arrive at the same instant:
exactly `cap` sessions begin, every other first entry is refused and logged, and nothing of a
refused entry remains (PostgreSQL: the cap's count runs under a per-SessionType advisory lock,
after the entry's own write, participants/eligibility.session_cap_step).

Each entry is a thread with its own django.test.Client and database connection, making the real
request (a participant link's first GET, a room's join form, the session-wide link's post),
all released together (run_together)."""
from __future__ import annotations

from collections import Counter

import pytest
from django.test import Client

from participants.eligibility import entered_sessions
from participants.models import EntryRefusal, Participant
from rooms.models import Room
from rooms.services import room_create
from sessions_core.models import Session
from tests.concurrency.test_room_joins import run_together
from tests.conftest import make_session
from tests.eligibility import UA_DESKTOP, session_type_with

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SESSIONS = 24
CAP = 5


def assert_cap_held(st: str, statuses: list[int]) -> None:
    assert Counter(statuses) == Counter({200 if 200 in statuses else 302: CAP, 403: SESSIONS - CAP})
    assert entered_sessions(st).count() == CAP
    assert Participant.objects.filter(session__session_type=st,
                                      claimed_at__isnull=False).count() == CAP
    assert EntryRefusal.objects.filter(rule="max_sessions").count() == SESSIONS - CAP


def test_first_entries_of_24_sessions_by_participant_links_begin_exactly_5() -> None:
    with session_type_with(max_sessions=CAP) as st:
        slots = [make_session(st, 1).participant_set.get() for _ in range(SESSIONS)]
        urls = [f"/p/{p.session.name}/{p.name}/" for p in slots]

        statuses = run_together(SESSIONS, lambda i: Client().get(
            urls[i], HTTP_USER_AGENT=UA_DESKTOP).status_code)

        assert_cap_held(st, statuses)
        started = Participant.objects.filter(session__session_type=st,
                                             status=Participant.Status.PLAYING)
        assert started.count() == CAP  # the refused were not started either


def test_first_arrivals_in_24_rooms_create_exactly_5_sessions() -> None:
    with session_type_with(max_sessions=CAP) as st:
        rooms = [room_create(name=f"cap-{st}-{i}", config=st, open=True) for i in range(SESSIONS)]

        statuses = run_together(SESSIONS, lambda i: Client().post(
            f"/room/{rooms[i].name}/", HTTP_USER_AGENT=UA_DESKTOP).status_code)

        assert_cap_held(st, statuses)
        assert Session.objects.filter(session_type=st).count() == CAP  # the rest rolled back
        assert Room.objects.filter(name__startswith=f"cap-{st}-",
                                   session__isnull=False).count() == CAP
        assert not EntryRefusal.objects.filter(session__isnull=False).exists()


def test_first_visits_to_24_session_wide_links_begin_exactly_5_sessions() -> None:
    with session_type_with(max_sessions=CAP) as st:
        sessions = [make_session(st, 2) for _ in range(SESSIONS)]

        statuses = run_together(SESSIONS, lambda i: Client().post(
            f"/join/{sessions[i].name}/", HTTP_USER_AGENT=UA_DESKTOP).status_code)

        assert_cap_held(st, statuses)
