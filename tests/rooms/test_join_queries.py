"""The queries of one join through a room's URL, whatever the number already in the room: the
room read, the counter UPDATE that checks the capacity and numbers the slot, the slot's INSERT
(and, in an initialized session, one read of the app's groups and the players' INSERT). The
transaction's own statements (BEGIN, COMMIT; SAVEPOINT in tests) are not counted."""
from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rooms.models import Room
from rooms.services import room_create_session
from sessions_core.lifecycle.services import session_initialize
from tests.rooms.conftest import join, joined_participant, make_room, stored

pytestmark = pytest.mark.django_db


def statements_of_one_join(room: Room, **kwargs: str) -> tuple[int, list[str]]:
    """(status, SQL statements) of one new visitor's join."""
    with CaptureQueriesContext(connection) as queries:
        response = join(Client(), room, **kwargs)
    sql = [q["sql"] for q in queries.captured_queries
           if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    return response.status_code, sql


def fill(room: Room, count: int) -> None:
    for _ in range(count):
        joined_participant(join(Client(), room))


@pytest.mark.parametrize("already", [1, 40])
def test_a_join_into_a_freejoin_room_is_three_queries(already: int) -> None:
    room = make_room(open=True, config="questionnaire")
    fill(room, already)
    status, sql = statements_of_one_join(room)
    assert status == 302
    assert len(sql) == 3, sql
    assert sql[1].startswith("UPDATE") and "RETURNING" in sql[1]
    assert sql[2].startswith("INSERT INTO \"participants_participant\"")


@pytest.mark.parametrize("already", [1, 40])
def test_a_join_with_a_label_is_one_query_more(already: int) -> None:
    """The label's own slot is looked up first: a used label leads back to it."""
    room = make_room(open=True, config="questionnaire", capacity=100)
    fill(room, already)
    status, sql = statements_of_one_join(room, query="?label=cubicle-99")
    assert status == 302 and len(sql) == 4, sql


@pytest.mark.parametrize("already", [2, 40])
def test_a_refusal_by_a_full_room_is_two_queries(already: int) -> None:
    room = make_room(open=True, config="questionnaire", capacity=already)
    fill(room, already)
    status, sql = statements_of_one_join(room)
    assert status == 423 and len(sql) == 2, sql


@pytest.mark.parametrize("already", [2, 40])
def test_a_join_into_an_initialized_session_adds_its_players_in_two_or_three(already: int) -> None:
    """trust, pairs: the first of a pair makes a group (3 more queries), the second joins it
    (2 more)."""
    room = make_room(open=True, config="trust")
    fill(room, 1)
    session_initialize(session=stored(room).session)
    fill(room, already - 1)
    status, sql = statements_of_one_join(room)  # the first of a new pair
    assert status == 302 and len(sql) == 6, sql
    status, sql = statements_of_one_join(room)  # the second: into that group
    assert status == 302 and len(sql) == 5, sql


@pytest.mark.parametrize("already", [1, 40])
def test_claiming_a_pre_created_slot_is_three_queries(already: int) -> None:
    room = make_room(config="questionnaire")
    room_create_session(room_name=room.name, num_participants=50)
    fill(room, already)
    status, sql = statements_of_one_join(room)
    assert status == 302 and len(sql) == 3, sql
    assert sql[1].startswith("SELECT") and sql[2].startswith("UPDATE"), sql
    if connection.vendor == "postgresql":
        assert "FOR UPDATE SKIP LOCKED" in sql[1]
