"""Simultaneous joins through a room's URL: capacity holds, labels stay unique, one session.

Every visitor is a thread with its own django.test.Client and database connection, posting the
waiting page's join form through Django's whole request path (URL, middleware, view, service).
All threads are released together by a barrier. PostgreSQL allows only so many connections
(max_connections, shared with whatever else runs on the server), so at most `budget` requests
hold a connection at the same moment; the others queue at a gate, as they would for a server's
connection pool. Once the room has a session, every request in flight contends for the session's
participant counter (a row lock held from the counting UPDATE to the commit) or for free
pre-created slots (SKIP LOCKED); simultaneous first arrivals contend for the room's row lock.
"""
from __future__ import annotations

import re
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
from django.db import connection
from django.test import Client

from experiments.trust.models import Group as TrustGroup
from experiments.trust.models import Player as TrustPlayer
from participants.models import Participant
from rooms.models import Room
from rooms.services import room_create, room_create_session
from sessions_core.lifecycle.services import session_initialize
from sessions_core.models import Session
from tests.concurrency.threads import FINISH_TIMEOUT, START_TIMEOUT

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

T = TypeVar("T")

VISITORS = 200
CAPACITY = 50
FIRST_ARRIVALS = 100
# Connections left free for the test's own connection, other test runs and psql sessions.
HEADROOM = 20
PARTICIPANT_URL = re.compile(r"^/p/(?P<session>[^/]+)/(?P<participant>[^/]+)/$")


@dataclass(frozen=True)
class Answer:
    """What one visitor's join post got back."""

    status: int
    location: str
    body: str


def connection_budget(wanted: int) -> int:
    """How many connections the threads may hold at once without exhausting the server."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_connections')::int - count(*) "
                       "FROM pg_stat_activity")
        free = int(cursor.fetchone()[0])
    budget = min(wanted, free - HEADROOM)
    if budget < 8:
        pytest.skip(f"PostgreSQL has only {free} free connections; these tests need 28")
    return budget


def run_together(count: int, action: Callable[[int], T]) -> list[T]:
    """Call action(0) .. action(count - 1) in `count` threads released together.

    Unlike threads.run_at_once, a thread connects only once it passes the connection gate, so
    `count` may exceed what the server's max_connections allows.
    """
    budget = connection_budget(count)
    barrier = threading.Barrier(count)
    gate = threading.BoundedSemaphore(budget)

    def worker(index: int) -> T:
        try:
            barrier.wait(timeout=START_TIMEOUT)
        except BaseException:
            barrier.abort()  # the others stop waiting for a thread that will never arrive
            raise
        with gate:
            try:
                return action(index)
            finally:
                connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [pool.submit(worker, index) for index in range(count)]
        return [future.result(timeout=FINISH_TIMEOUT) for future in futures]


def post_join(room_name: str, *, form_label: str | None = None, query_label: str | None = None
              ) -> Answer:
    """A visitor's browser submitting the waiting page's form (label posted or in the URL)."""
    url = f"/room/{room_name}/" + (f"?label={query_label}" if query_label else "")
    response = Client().post(url, {} if form_label is None else {"label": form_label})
    return Answer(response.status_code, response.get("Location", ""),
                  response.content.decode(errors="replace"))


def new_room(**settings: Any) -> Room:
    return room_create(name=f"cc-room-{uuid.uuid4().hex[:10]}", **settings)


def admitted(answers: list[Answer]) -> list[str]:
    return [a.location for a in answers if a.status == 302]


def assert_refused_as_full(answers: list[Answer], expected: int) -> None:
    refused = [a for a in answers if a.status != 302]
    assert len(refused) == expected, Counter(a.status for a in answers)
    assert {a.status for a in refused} == {423}, Counter(a.status for a in refused)
    assert all("Room full" in a.body for a in refused)


def assert_one_session_of(room: Room, urls: list[str], size: int) -> list[Participant]:
    """The room's only session holds exactly `size` participants, one per admitted URL, each
    with a claimed slot, numbered 1..size without gaps."""
    assert Session.objects.count() == 1
    session = Room.objects.select_related("session").get(pk=room.pk).session
    assert session is not None
    people = list(session.participant_set.order_by("id_in_session"))
    assert [p.id_in_session for p in people] == list(range(1, size + 1))
    assert session.num_participants == size
    assert all(p.claimed_at is not None for p in people), "a participant without a claimed slot"
    assert sorted(set(urls)) == sorted(f"/p/{session.name}/{p.name}/" for p in people)
    assert all(PARTICIPANT_URL.match(url) for url in urls)
    return people


def test_200_simultaneous_joins_into_capacity_50_admit_exactly_50() -> None:
    room = new_room(config="trust", capacity=CAPACITY, open=True)
    labels = [f"cubicle-{i:03d}" for i in range(VISITORS)]

    answers = run_together(VISITORS, lambda i: post_join(room.name, query_label=labels[i]))

    urls = admitted(answers)
    assert len(urls) == CAPACITY and len(set(urls)) == CAPACITY
    assert_refused_as_full(answers, VISITORS - CAPACITY)
    people = assert_one_session_of(room, urls, CAPACITY)
    # Each admitted visitor's eager ?label= is recorded on their own participant, once.
    seated = {a.location: labels[i] for i, a in enumerate(answers) if a.status == 302}
    assert {p.get_absolute_url(): p.label for p in people} == seated
    assert Participant.objects.count() == CAPACITY


def test_200_simultaneous_access_codes_into_capacity_50_admit_exactly_50() -> None:
    labels = [f"CODE-{i:03d}" for i in range(VISITORS)]
    room = new_room(config="trust", labels=labels, capacity=CAPACITY, open=True)

    answers = run_together(VISITORS, lambda i: post_join(room.name, form_label=labels[i]))

    urls = admitted(answers)
    assert len(urls) == CAPACITY and len(set(urls)) == CAPACITY
    assert_refused_as_full(answers, VISITORS - CAPACITY)
    people = assert_one_session_of(room, urls, CAPACITY)
    used = [p.label for p in people]
    assert len(set(used)) == CAPACITY and set(used) <= set(labels)
    assert Participant.objects.count() == CAPACITY


def test_the_same_access_code_twice_at_once_leads_to_one_participant() -> None:
    """100 codes, each sent by two visitors at the same moment (a double click, two tabs)."""
    codes = [f"TWICE-{i:03d}" for i in range(VISITORS // 2)]
    room = new_room(config="trust", labels=codes, capacity=CAPACITY, open=True)

    answers = run_together(VISITORS, lambda i: post_join(room.name, form_label=codes[i // 2]))

    urls = admitted(answers)
    people = assert_one_session_of(room, urls, CAPACITY)
    assert len({p.label for p in people}) == CAPACITY
    by_code: dict[str, set[str]] = {}
    for i, answer in enumerate(answers):
        if answer.status == 302:
            by_code.setdefault(codes[i // 2], set()).add(answer.location)
    # A seated code's second visitor is led back to the same participant, never a second seat.
    assert all(len(locations) == 1 for locations in by_code.values())
    assert {p.label for p in people} == set(by_code)
    assert len(urls) == 2 * CAPACITY
    assert_refused_as_full(answers, VISITORS - 2 * CAPACITY)


def test_100_simultaneous_first_arrivals_in_a_freejoin_room_create_one_session() -> None:
    room = new_room(config="questionnaire", open=True)
    assert room.is_freejoin

    answers = run_together(FIRST_ARRIVALS, lambda i: post_join(room.name))

    assert Counter(a.status for a in answers) == Counter({302: FIRST_ARRIVALS})
    urls = admitted(answers)
    assert len(set(urls)) == FIRST_ARRIVALS
    assert_one_session_of(room, urls, FIRST_ARRIVALS)
    assert Session.objects.get().session_type == "questionnaire"


def test_200_simultaneous_joins_claim_50_pre_created_slots_once_each() -> None:
    """"Create session in room" with 50 slots and the capacity set to 50: each slot is handed
    out once (SKIP LOCKED), no slot is made beyond them, the rest see "Room full"."""
    room = new_room(config="trust", capacity=10)
    session = room_create_session(room_name=room.name, num_participants=CAPACITY,
                                  set_capacity=True)

    answers = run_together(VISITORS, lambda i: post_join(room.name))

    urls = admitted(answers)
    assert len(urls) == CAPACITY and len(set(urls)) == CAPACITY
    assert_refused_as_full(answers, VISITORS - CAPACITY)
    people = assert_one_session_of(room, urls, CAPACITY)
    assert {p.session_id for p in people} == {session.pk}


def test_free_slots_first_then_growth_up_to_the_capacity() -> None:
    """20 pre-created slots in a room of capacity 50: 200 at once fill the 20 slots and grow the
    session by 30 new ones, numbered 21..50."""
    room = new_room(config="trust", capacity=CAPACITY)
    room_create_session(room_name=room.name, num_participants=20)

    answers = run_together(VISITORS, lambda i: post_join(room.name))

    urls = admitted(answers)
    assert len(urls) == CAPACITY and len(set(urls)) == CAPACITY
    assert_refused_as_full(answers, VISITORS - CAPACITY)
    assert_one_session_of(room, urls, CAPACITY)


def test_200_simultaneous_joins_into_an_initialized_session_fill_whole_groups() -> None:
    """Once the session is initialized every newcomer gets a player, in the first group that is
    not full: 50 admitted into trust (pairs) make 25 groups of exactly 2, numbered 1 and 2."""
    room = new_room(config="trust", capacity=CAPACITY, open=True)
    first = post_join(room.name)
    assert first.status == 302
    session = Room.objects.select_related("session").get(pk=room.pk).session
    assert session is not None
    session_initialize(session=session)

    answers = [first, *run_together(VISITORS, lambda i: post_join(room.name))]

    urls = admitted(answers)
    assert len(urls) == CAPACITY and len(set(urls)) == CAPACITY
    assert_refused_as_full(answers, VISITORS + 1 - CAPACITY)
    people = assert_one_session_of(room, urls, CAPACITY)
    players = list(TrustPlayer.objects.filter(session=session))
    assert sorted(p.participant_id for p in players) == sorted(p.pk for p in people)
    groups: dict[int, list[int]] = {}
    for player in players:
        groups.setdefault(player.group_id, []).append(player.id_in_group)
    assert len(groups) == CAPACITY // 2
    assert all(sorted(ids) == [1, 2] for ids in groups.values()), groups
    assert sorted(TrustGroup.objects.filter(session=session)
                  .values_list("id_in_subsession", flat=True)) == list(range(1, CAPACITY // 2 + 1))
