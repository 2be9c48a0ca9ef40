"""in_round, in_rounds, in_previous_rounds, in_all_rounds for players, groups and subsessions."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from sessions_core.db import idmap
from sessions_core.lifecycle.services import session_initialize
from tests.apps.grouping import models as grouping
from tests.conftest import make_session, participants_of


@pytest.fixture
def third_round_player(db: None) -> Iterator[grouping.Player]:
    """Participant 3 of four, in round 3 of three."""
    session = make_session("grouping", 4)
    session_initialize(session=session)
    participant = participants_of(session)[2]
    with idmap.unit_of_work():
        yield idmap.adopt(grouping.Player.objects.get(participant_id=participant.pk,
                                                      round_number=3))


def test_player_in_round_is_the_same_participant(third_round_player: grouping.Player) -> None:
    first = third_round_player.in_round(1)
    assert (first.round_number, first.participant_id) == (1, third_round_player.participant_id)


def test_player_in_previous_and_all_rounds(third_round_player: grouping.Player) -> None:
    assert [p.round_number for p in third_round_player.in_previous_rounds()] == [1, 2]
    assert [p.round_number for p in third_round_player.in_all_rounds()] == [1, 2, 3]
    assert {p.participant_id for p in third_round_player.in_all_rounds()} == {
        third_round_player.participant_id}
    assert third_round_player.in_all_rounds()[-1] is third_round_player


def test_first_round_has_no_previous_rounds(third_round_player: grouping.Player) -> None:
    assert third_round_player.in_round(1).in_previous_rounds() == []


def test_group_in_rounds_follows_its_number(third_round_player: grouping.Player) -> None:
    group = third_round_player.group
    assert [g.round_number for g in group.in_all_rounds()] == [1, 2, 3]
    assert {g.id_in_subsession for g in group.in_all_rounds()} == {2}
    assert group.in_round(2).round_number == 2


def test_subsession_in_rounds(third_round_player: grouping.Player) -> None:
    subsession = third_round_player.subsession
    assert [s.round_number for s in subsession.in_previous_rounds()] == [1, 2]
    assert [s.round_number for s in subsession.in_rounds(2, 3)] == [2, 3]
    assert subsession.in_round(1).session_id == subsession.session_id


def test_the_same_row_is_one_object_in_a_unit(third_round_player: grouping.Player) -> None:
    # Changes through one path are seen through another, as oTree code expects.
    earlier = third_round_player.in_round(1)
    earlier.payoff = 9
    assert third_round_player.in_all_rounds()[0].payoff == 9
