"""Initializing a session writes its rows in bulk: as many queries for 300 participants as for 3,
and on PostgreSQL the planner's statistics of the new rows are refreshed after the commit."""
from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from experiments.public_goods import models as public_goods
from sessions_core.lifecycle import services
from sessions_core.lifecycle.services import session_initialize
from tests.conftest import make_session

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def initialization_queries(n: int) -> list[str]:
    session = make_session("public_goods", n)
    random.seed(8)  # group_randomly's draw: which players change group, position or both
    with CaptureQueriesContext(connection) as captured:
        session_initialize(session=session)
    return [q["sql"] for q in captured.captured_queries]


def test_initialization_queries_do_not_grow_with_the_number_of_groups() -> None:
    """public_goods regroups every round at random (group_randomly in creating_session); the
    unit of work writes players whose group, position or both changed, one statement each."""
    small, large = initialization_queries(30), initialization_queries(300)
    assert len(small) == len(large)
    assert not [sql for sql in large if "CASE" in sql.upper()]


def test_regrouped_players_are_stored_in_whole_groups() -> None:
    session = make_session("public_goods", 30)
    session_initialize(session=session)
    for round_number in (1, 2, 3):
        players = public_goods.Player.objects.filter(session=session, round_number=round_number)
        groups: dict[int, list[int]] = {}
        for group_id, id_in_group in players.values_list("group_id", "id_in_group"):
            groups.setdefault(group_id, []).append(id_in_group)
        assert sorted(sorted(ids) for ids in groups.values()) == [[1, 2, 3]] * 10
        assert {p.payoff for p in players} == {0}


def analyzed(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith("ANALYZE")]


def test_a_large_initialization_refreshes_the_planners_statistics(
        monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Capture) -> None:
    monkeypatch.setattr(services, "ANALYZE_AFTER_ROWS", 30)
    session = make_session("public_goods", 30)
    with CaptureQueriesContext(connection) as captured, \
            django_capture_on_commit_callbacks(execute=True) as callbacks:
        session_initialize(session=session)
    if connection.vendor != "postgresql":
        assert analyzed(captured) == []
        return
    [statement] = analyzed(captured)
    for model in (public_goods.Player, public_goods.Group, public_goods.Subsession):
        assert connection.ops.quote_name(model._meta.db_table) in statement
    assert len(callbacks) == 1  # after the commit, not inside the transaction
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s",
                       [public_goods.Player._meta.db_table])
        assert cursor.fetchone()[0] >= 90  # 30 players in each of 3 rounds


def test_a_small_initialization_leaves_statistics_to_autovacuum(
        django_capture_on_commit_callbacks: Capture) -> None:
    session = make_session("public_goods", 30)  # 123 rows: below ANALYZE_AFTER_ROWS
    with CaptureQueriesContext(connection) as captured, \
            django_capture_on_commit_callbacks(execute=True):
        session_initialize(session=session)
    assert analyzed(captured) == []
