"""Forming groups: the default matrix, set_group_matrix, group_randomly, group_like_round."""
from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from experiments.questionnaire.models import Group, Player
from sessions_core.db import idmap
from sessions_core.lifecycle.services import session_initialize
from sessions_core.models import BaseSubsession, Session
from tests.apps.grouping import models as grouping
from tests.conftest import make_session

Matrix = list[list[int]]


@pytest.fixture
def session(db: None) -> Session:
    """Six participants in pairs, three rounds, grouped in participant order."""
    session = make_session("grouping", 6)
    session_initialize(session=session)
    return session


@pytest.fixture
def unit() -> Iterator[idmap.UnitOfWork]:
    with idmap.unit_of_work() as unit:
        yield unit


def subsession(session: Session, round_number: int = 1) -> BaseSubsession:
    return idmap.adopt(grouping.Subsession.objects.get(session=session, round_number=round_number))


def stored_matrix(session: Session, round_number: int = 1) -> Matrix:
    """The groups as stored: id_in_subsession of each player, by group and id_in_group."""
    players = grouping.Player.objects.filter(session=session, round_number=round_number)
    rows: dict[int, list[tuple[int, int]]] = {}
    for p in players.select_related("group"):
        rows.setdefault(p.group.id_in_subsession, []).append((p.id_in_group, p.id_in_subsession))
    return [[pid for _, pid in sorted(rows[g])] for g in sorted(rows)]


def ids(matrix: list[list[grouping.Player]]) -> Matrix:
    return [[p.id_in_subsession for p in row] for row in matrix]


def test_default_matrix_fills_groups_in_participant_order(session: Session) -> None:
    assert stored_matrix(session) == [[1, 2], [3, 4], [5, 6]]
    assert ids(subsession(session).get_group_matrix()) == [[1, 2], [3, 4], [5, 6]]


def test_set_group_matrix_with_ids(session: Session) -> None:
    with idmap.unit_of_work():
        subsession(session).set_group_matrix([[6, 1], [2, 5], [4, 3]])
    assert stored_matrix(session) == [[6, 1], [2, 5], [4, 3]]


def test_set_group_matrix_with_players(session: Session) -> None:
    with idmap.unit_of_work():
        sub = subsession(session)
        p = {player.id_in_subsession: player for player in sub.get_players()}
        sub.set_group_matrix([[p[3], p[2]], [p[1], p[6]], [p[5], p[4]]])
        assert ids(sub.get_group_matrix()) == [[3, 2], [1, 6], [5, 4]]
    assert stored_matrix(session) == [[3, 2], [1, 6], [5, 4]]


def test_set_group_matrix_may_change_the_number_of_groups(session: Session) -> None:
    with idmap.unit_of_work():
        subsession(session).set_group_matrix([[1, 2, 3], [4, 5, 6]])
    assert stored_matrix(session) == [[1, 2, 3], [4, 5, 6]]
    assert grouping.Group.objects.filter(session=session, round_number=1).count() == 2
    with idmap.unit_of_work():
        subsession(session).set_group_matrix([[1], [2], [3], [4, 5, 6]])
    assert stored_matrix(session) == [[1], [2], [3], [4, 5, 6]]


def test_set_group_matrix_changes_only_its_round(session: Session) -> None:
    with idmap.unit_of_work():
        subsession(session, 2).set_group_matrix([[2, 1], [4, 3], [6, 5]])
    assert stored_matrix(session, 1) == [[1, 2], [3, 4], [5, 6]]
    assert stored_matrix(session, 3) == [[1, 2], [3, 4], [5, 6]]


EVERYONE_ONCE = ("set_group_matrix: the matrix must hold every player of the subsession exactly "
                 "once in non-empty rows (players [1, 2, 3, 4, 5, 6], matrix has {})")


@pytest.mark.parametrize(("matrix", "message"), [
    ([[1, 2], [3, 4]], EVERYONE_ONCE.format("[1, 2, 3, 4]")),
    ([[1, 2], [3, 4], [5, 5]], EVERYONE_ONCE.format("[1, 2, 3, 4, 5, 5]")),
    ([[1, 2, 3, 4, 5, 6], []], EVERYONE_ONCE.format("[1, 2, 3, 4, 5, 6]")),
    ([[1, 2], [3, 4], [5, 7]], "set_group_matrix: 7 is not a player of this subsession"),
])
def test_invalid_matrix_is_refused_and_changes_nothing(session: Session, unit: idmap.UnitOfWork,
                                                       matrix: Matrix, message: str) -> None:
    with pytest.raises(ValueError) as error:
        subsession(session).set_group_matrix(matrix)
    assert str(error.value) == message
    assert stored_matrix(session) == [[1, 2], [3, 4], [5, 6]]


def shuffled_until_changed(session: Session, fixed_id_in_group: bool) -> Matrix:
    random.seed(7)
    for _attempt in range(20):
        with idmap.unit_of_work():
            subsession(session).group_randomly(fixed_id_in_group=fixed_id_in_group)
        if stored_matrix(session) != [[1, 2], [3, 4], [5, 6]]:
            return stored_matrix(session)
    raise AssertionError("group_randomly never changed the groups")


def test_group_randomly_keeps_everyone_in_groups_of_the_same_size(session: Session) -> None:
    matrix = shuffled_until_changed(session, fixed_id_in_group=False)
    assert [len(row) for row in matrix] == [2, 2, 2]
    assert sorted(pid for row in matrix for pid in row) == [1, 2, 3, 4, 5, 6]


def test_group_randomly_with_fixed_id_in_group_keeps_positions(session: Session) -> None:
    matrix = shuffled_until_changed(session, fixed_id_in_group=True)
    assert sorted(row[0] for row in matrix) == [1, 3, 5]
    assert sorted(row[1] for row in matrix) == [2, 4, 6]


def test_group_like_round_copies_an_earlier_rounds_groups(session: Session) -> None:
    with idmap.unit_of_work():
        subsession(session, 1).set_group_matrix([[5, 2], [1, 4], [3, 6]])
    with idmap.unit_of_work():
        subsession(session, 3).group_like_round(1)
    assert stored_matrix(session, 3) == [[5, 2], [1, 4], [3, 6]]
    assert stored_matrix(session, 2) == [[1, 2], [3, 4], [5, 6]]


def test_players_per_group_none_puts_everyone_in_one_group(db: None) -> None:
    session = make_session("questionnaire", 5)
    session_initialize(session=session)
    assert Group.objects.filter(session=session).count() == 1
    players = Player.objects.filter(session=session).order_by("id_in_group")
    assert [p.id_in_group for p in players] == [1, 2, 3, 4, 5]
    assert len({p.group_id for p in players}) == 1


def test_get_player_by_role_asks_player_role(session: Session, unit: idmap.UnitOfWork) -> None:
    subsession(session).set_group_matrix([[4, 3], [1, 2], [5, 6]])
    group = subsession(session).get_groups()[0]
    assert group.get_player_by_role("seller").id_in_subsession == 3
    assert group.get_player_by_role("buyer").id_in_subsession == 4
    with pytest.raises(ValueError, match="group 1 has no player with role 'chef'"):
        group.get_player_by_role("chef")


def test_get_player_by_id_and_others(session: Session, unit: idmap.UnitOfWork) -> None:
    group = subsession(session).get_groups()[1]
    assert group.get_player_by_id(2).id_in_subsession == 4
    player = group.get_player_by_id(1)
    assert [p.id_in_subsession for p in player.get_others_in_group()] == [4]
    assert [p.id_in_subsession for p in player.get_others_in_subsession()] == [1, 2, 4, 5, 6]
    with pytest.raises(ValueError, match="group 2 has no player with id_in_group 3"):
        group.get_player_by_id(3)


def test_group_randomly_loads_the_players_once(session: Session) -> None:
    """The shuffled matrix holds the players get_group_matrix loaded: set_group_matrix checks
    their numbers with one narrow query instead of loading every player (and participant) again
    (half the time of initializing 3,000 participants, bench/RESULTS.md)."""
    player_table = grouping.Player._meta.db_table
    with idmap.unit_of_work(), CaptureQueriesContext(connection) as captured:
        subsession(session).group_randomly()
    full_loads = [q["sql"] for q in captured.captured_queries
                  if q["sql"].startswith("SELECT") and f'FROM "{player_table}"' in q["sql"]
                  and "participants_participant" in q["sql"]]
    assert len(full_loads) == 1, full_loads
    assert sorted(len(row) for row in stored_matrix(session)) == [2, 2, 2]
