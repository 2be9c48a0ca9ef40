"""group_by_arrival_time: groups form in arrival order as soon as enough wait, whatever the
group size; the leftover waits; get_players_for_group decides who forms a group when defined."""
from __future__ import annotations

import random

import pytest

from participants.models import Participant
from sessions_core.errors import FlowError, SessionError
from sessions_core.experimenter.registry import experiment_app
from sessions_core.lifecycle.services import session_initialize
from sessions_core.models import Session, WaitArrival, WaitCompletion
from tests.conftest import fresh, make_session, page_name, participants_of, visit


def formed_groups(session: Session) -> list[list[int]]:
    """Each group formed at the lobby: its members' id_in_session in id_in_group order, the
    groups in the order they formed."""
    app = experiment_app(session.app_sequence[0])
    grouped = set(WaitArrival.objects.filter(session=session, grouped=True)
                  .values_list("participant_id", flat=True))
    rows: dict[int, list[tuple[int, int]]] = {}
    players = app.Player.objects.filter(session=session, participant_id__in=grouped)
    for group_number, id_in_group, member in players.values_list(
            "group__id_in_subsession", "id_in_group", "participant__id_in_session"):
        rows.setdefault(group_number, []).append((id_in_group, member))
    return [[member for _, member in sorted(rows[g])] for g in sorted(rows)]


def waiting(session: Session) -> list[int]:
    """The id_in_session of those who arrived and wait for a group, in arrival order."""
    ids = WaitArrival.objects.filter(session=session, grouped=False).order_by("arrived_at", "id") \
        .values_list("participant_id", flat=True)
    by_pk = dict(Participant.objects.filter(session=session).values_list("pk", "id_in_session"))
    return [by_pk[pk] for pk in ids]


@pytest.mark.django_db
@pytest.mark.parametrize(("session_type", "size", "people"), [
    ("arrival", 2, 5), ("arrival3", 3, 7), ("arrival10", 10, 23)])
def test_groups_form_in_arrival_order_and_the_leftover_waits(session_type: str, size: int,
                                                             people: int) -> None:
    session = make_session(session_type, people)
    session_initialize(session=session)
    order = participants_of(session)
    random.Random(size).shuffle(order)
    arrived: list[int] = []
    for participant in order:
        shown = page_name(visit(participant))
        arrived.append(participant.id_in_session)
        complete = len(arrived) // size * size
        # The one whose arrival completes a group goes straight on; everyone else waits.
        assert shown == ("Matched" if len(arrived) == complete else "Lobby")
        assert formed_groups(session) == [arrived[i:i + size] for i in range(0, complete, size)]
        assert waiting(session) == arrived[complete:]
    leftover = order[people // size * size:]
    assert len(leftover) == people % size
    for participant in leftover:
        assert page_name(visit(participant)) == "Lobby"
    for participant in order[:people // size * size]:
        assert page_name(visit(participant)) == "Matched"
    groups = experiment_app(session_type).Group.objects.filter(session=session)
    # Each formed group's hook ran once; the groups of initialization that lost all their
    # players are gone (the leftover's is kept: they still belong to it).
    assert sorted(g.formed for g in groups if g.formed) == [1] * (people // size)
    assert WaitCompletion.objects.filter(session=session).count() == people // size


@pytest.mark.django_db
def test_a_session_of_an_arrival_time_app_need_not_fill_whole_groups(db: None) -> None:
    """Arrival-time grouping is for when you cannot know who turns up: 7 slots for groups of 3."""
    assert make_session("arrival3", 7).num_participants == 7
    with pytest.raises(SessionError, match="multiple of 2"):
        make_session("grouping", 7)


@pytest.mark.django_db
def test_get_players_for_group_chooses_who_forms_a_group(db: None) -> None:
    session = make_session("arrival_pick", 6)
    p1, p2, p3, p4, p5, p6 = participants_of(session)
    assert page_name(visit(p1)) == "Lobby"
    assert page_name(visit(p2)) == "Lobby"  # two waiting, but of different parity
    assert page_name(visit(p4)) == "Matched"  # p2 and p4 are even: the later one is first
    assert formed_groups(session) == [[4, 2]]
    assert page_name(visit(p2)) == "Matched"
    assert page_name(visit(p6)) == "Lobby"
    assert page_name(visit(p3)) == "Matched"
    assert formed_groups(session) == [[4, 2], [3, 1]]
    assert waiting(session) == [6]
    assert page_name(visit(p5)) == "Lobby"  # odd, alone among the odd ones
    assert waiting(session) == [6, 5]


@pytest.mark.django_db
def test_get_players_for_group_may_form_groups_of_another_size(db: None) -> None:
    session = make_session("arrival_pick", 4, config={"pick": "trio"})
    p1, p2, p3, p4 = participants_of(session)
    visit(p2)
    visit(p4)
    assert page_name(visit(p1)) == "Matched"
    assert formed_groups(session) == [[1, 4, 2]]
    assert page_name(visit(p3)) == "Lobby"


@pytest.mark.django_db
@pytest.mark.parametrize(("pick", "problem"), [
    ("outsider", "a player who is not waiting"),
    ("twice", "the same player twice"),
])
def test_a_chooser_that_returns_players_not_waiting_is_an_error_and_groups_nobody(
        pick: str, problem: str) -> None:
    session = make_session("arrival_pick", 4, config={"pick": pick})
    p1, p2 = participants_of(session)[:2]
    visit(p1)
    with pytest.raises(FlowError, match=f"get_players_for_group of Lobby returned {problem}"):
        visit(p2)
    assert fresh(p2).status == Participant.Status.NEW
    assert waiting(session) == [1]
    assert formed_groups(session) == []
