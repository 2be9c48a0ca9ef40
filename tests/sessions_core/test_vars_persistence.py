"""participant.vars and session.vars changes persist from any hook, for any participant."""
from __future__ import annotations

import pytest

from participants.models import Participant
from sessions_core.db import idmap
from sessions_core.lifecycle.services import session_initialize
from sessions_core.models import Session
from tests.apps.flowcheck import models as flowcheck
from tests.conftest import fresh, make_session, participants_of, post, visit


@pytest.fixture
def four(db: None) -> list[Participant]:
    """A flowcheck session of two pairs: all but participant 3 wait at AllGroupsWait.

    Participant 3 waits at GroupHookWait, which participant 4 has opened since.
    """
    p1, p2, p3, p4 = participants_of(make_session("flowcheck", 4))
    for leader, follower in ((p1, p2), (p3, p4)):
        visit(follower)
        post(follower, {})
        visit(leader)
        post(leader, {})
        post(leader, {"choice": 5})
    for participant in (p2, p1, p4):
        visit(participant)
    return [p1, p2, p3, p4]


def test_group_hook_writes_every_members_vars(four: list[Participant]) -> None:
    # Participants 2 and 4 opened their pair's GroupHookWait; the hook wrote both members.
    assert [fresh(p).vars["group_hook_r1"] for p in four] == [1, 1, 2, 2]


def test_subsession_hook_writes_vars_of_participants_in_other_groups(
        four: list[Participant]) -> None:
    assert not any("all_groups_r1" in fresh(p).vars for p in four)
    visit(four[2])  # the last one: opens AllGroupsWait for everyone
    assert [fresh(p).vars.get("all_groups_r1") for p in four] == [True] * 4


def test_hook_changes_keep_what_the_participant_had(four: list[Participant]) -> None:
    p1 = four[0]
    assert fresh(p1).vars == {"new_player_id": 1, "intro_seen": True, "partner_saw_intro": 2,
                              "group_hook_r1": 1}


def test_session_vars_from_hooks_add_up(four: list[Participant]) -> None:
    stored = Session.objects.get(pk=four[0].session_id).vars
    assert stored["group_hook_total"] == 2
    assert sorted(stored["intro_by"]) == [1, 2, 3, 4]
    assert stored["creating_session_rounds"] == [1, 2]
    assert stored["new_session_calls"] == 1


def test_vars_changed_through_any_path_are_saved_at_the_end_of_the_unit(db: None) -> None:
    session = make_session("flowcheck", 2)
    session_initialize(session=session)
    with idmap.unit_of_work():
        group = idmap.adopt(flowcheck.Group.objects.get(session=session, round_number=2,
                                                        id_in_subsession=1))
        for player in group.get_players():
            player.participant.vars["nested"] = {"list": [player.id_in_group]}
        group.session.vars["touched"] = True
    assert [p.vars for p in participants_of(session)] == [
        {"nested": {"list": [1]}}, {"nested": {"list": [2]}}]
    assert Session.objects.get(pk=session.pk).vars["touched"] is True


def test_nothing_is_saved_when_the_unit_fails(db: None) -> None:
    session = make_session("flowcheck", 2)
    session_initialize(session=session)
    with pytest.raises(RuntimeError), idmap.unit_of_work():
        player = idmap.adopt(flowcheck.Player.objects.filter(session=session).first())
        player.participant.vars["lost"] = True
        raise RuntimeError("the hook failed")
    assert all("lost" not in p.vars for p in participants_of(session))
