"""What each kind of participant request costs in SQL, the same in a small and a large session.

Counted are the statements a request sends, apart from transaction control: under the test's
own transaction a request's transaction shows as a SAVEPOINT and a RELEASE, in production as
BEGIN and COMMIT (which Django does not log). Transactions are counted on their own: a request
that changes nothing (a page view, a poll at a closed wait page) opens none and locks no row.
"""
from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from experiments.public_goods.models import Player
from participants.models import Participant
from sessions_core.lifecycle.services import session_initialize
from tests.conftest import make_session, participants_of, url_of

CONTRIBUTE = {"_quorum_page": "0-1-0", "contribution": "10"}
LEAVE_RESULTS = {"_quorum_page": "0-1-2"}
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")

# Statements per request kind on SQLite. PostgreSQL adds one to an arrival at a wait page: the
# group's row lock that serializes the members' arrivals (SQLite's IMMEDIATE transactions take
# turns from their first statement and need none).
EXPECTED = {
    # The entry first (participants/views.py): read the participant (no lock); it is new and
    # nobody entered it yet: lock it with its session, UPDATE it as entered (claimed, its
    # environment; the SessionType has no entry rules, so they read nothing). Then the visit:
    # read the participant (no lock: it may have nothing to record); it is new: lock it, lock
    # and read the session (initialized already), read the player, UPDATE the participant.
    "enter": 8,
    # The participant with the session, the player with the group and subsession.
    "show": 2,
    # Submitting Contribute lands on the wait page: lock the participant, the player, INSERT the
    # PageVisit, then the arrival: INSERT it, one SELECT counting members and arrivals; UPDATE
    # the participant and the player.
    "submit_and_wait": 7,
    # The participant, whether they arrived and the barrier opened, the player (for the page).
    "show_waiting": 3,
    # The participant, and whether they arrived and the barrier opened.
    "poll_waiting": 2,
    # The last arrival: as submit_and_wait, and INSERT the WaitCompletion, set_payoffs'
    # get_players, Results' in_all_rounds, and UPDATE the group and the other two players. The
    # members told to move on are the players set_payoffs loaded: no query of their own.
    "submit_and_open": 12,
    # A page loaded after the release: the two reads of poll_waiting (no lock: it could have
    # been still waiting), then locked: the participant, INSERT the wait page's PageVisit, the
    # player, Results' in_all_rounds, UPDATE the participant. The barrier is not asked again.
    "pass_open_wait_page": 7,
    # show, and Results' own in_all_rounds.
    "show_results": 3,
    # Submitting Results moves on to round 2: lock the participant, the player, INSERT the
    # PageVisit, round 2's player, UPDATE the participant.
    "submit_and_move_on": 5,
}
# Requests that must record something open one transaction; the others none. The first entry
# opens two: the entry's (which may be refused and rolled back alone), then the visit's.
TRANSACTIONS = {"enter": 2, "show": 0, "submit_and_wait": 1, "show_waiting": 0,
                "poll_waiting": 0, "submit_and_open": 1, "pass_open_wait_page": 1,
                "show_results": 0, "submit_and_move_on": 1}
VIEWS = ("show", "show_waiting", "poll_waiting", "show_results")


def queries_of(request: Callable[[], object]) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        request()
    return [query["sql"] for query in queries]


def statements(sql: list[str]) -> list[str]:
    return [q for q in sql if not q.lstrip().upper().startswith(TRANSACTION_CONTROL)]


def transactions(sql: list[str]) -> int:
    return sum(q.lstrip().upper().startswith("SAVEPOINT") for q in sql)


def group_of(participant: Participant) -> list[Participant]:
    """The participant and then the other members of their round-1 group."""
    me = Player.objects.get(participant_id=participant.pk, round_number=1)
    others = Player.objects.filter(group_id=me.group_id).exclude(pk=me.pk)
    return [participant, *(Participant.objects.get(pk=p.participant_id) for p in others)]


def queries(size: int) -> dict[str, list[str]]:
    """The SQL of each kind of request, for the first group of a public goods session."""
    session = make_session("public_goods", size)
    session_initialize(session=session)
    first, second, last = group_of(participants_of(session)[0])
    state_url = reverse("participant-state", args=[session.name, first.name])
    client = Client()
    sql = {"enter": queries_of(lambda: client.get(url_of(first)))}
    sql["show"] = queries_of(lambda: client.get(url_of(first)))
    client.get(url_of(second))
    client.get(url_of(last))
    sql["submit_and_wait"] = queries_of(lambda: client.post(url_of(first), CONTRIBUTE))
    sql["show_waiting"] = queries_of(lambda: client.get(url_of(first)))
    sql["poll_waiting"] = queries_of(lambda: client.get(state_url))
    client.post(url_of(second), CONTRIBUTE)
    sql["submit_and_open"] = queries_of(lambda: client.post(url_of(last), CONTRIBUTE))
    sql["pass_open_wait_page"] = queries_of(lambda: client.get(url_of(first)))
    sql["show_results"] = queries_of(lambda: client.get(url_of(first)))
    assert "Your payoff this round" in client.get(url_of(first)).content.decode()
    sql["submit_and_move_on"] = queries_of(lambda: client.post(url_of(first), LEAVE_RESULTS))
    assert Participant.objects.get(pk=first.pk).position_token == "0-2-0"
    return sql


def costs(size: int) -> dict[str, tuple[int, int]]:
    """How many statements and transactions each kind of request runs."""
    return {kind: (len(statements(sql)), transactions(sql))
            for kind, sql in queries(size).items()}


def expected_statements() -> dict[str, int]:
    locks = 1 if connection.features.has_select_for_update else 0
    return {**EXPECTED, "submit_and_wait": EXPECTED["submit_and_wait"] + locks,
            "submit_and_open": EXPECTED["submit_and_open"] + locks}


@pytest.mark.django_db
def test_page_requests_cost_the_same_queries_for_6_and_60_participants() -> None:
    assert costs(6) == costs(60)


@pytest.mark.django_db
def test_each_kind_of_page_request_costs_its_counted_statements() -> None:
    cost = costs(6)
    assert {kind: count for kind, (count, _) in cost.items()} == expected_statements()
    assert {kind: opened for kind, (_, opened) in cost.items()} == TRANSACTIONS


@pytest.mark.django_db
def test_a_view_costs_3_queries_or_fewer_and_a_submission_that_moves_on_5() -> None:
    cost = costs(6)
    assert all(cost[kind][0] <= 3 and cost[kind][1] == 0 for kind in VIEWS), cost
    assert cost["submit_and_move_on"][0] <= 5, cost


@pytest.mark.django_db
def test_a_view_takes_no_row_lock() -> None:
    sql = queries(6)
    for kind in VIEWS:
        assert not any("FOR UPDATE" in q.upper() for q in sql[kind]), kind


@pytest.mark.django_db
def test_page_times_cost_one_insert_per_page_left_and_nothing_on_a_view() -> None:
    inserts = {kind: sum("pagevisit" in q and q.lstrip().upper().startswith("INSERT") for q in sql)
               for kind, sql in queries(6).items()}
    assert inserts == {"enter": 0, "show": 0, "submit_and_wait": 1, "show_waiting": 0,
                       "poll_waiting": 0, "submit_and_open": 1, "pass_open_wait_page": 1,
                       "show_results": 0, "submit_and_move_on": 1}
