"""condition_unit="group" and "session": one condition per group (shared by its members, and by
the app's later rounds' groups with the same number) or per session (from its first start)."""
from __future__ import annotations

import pytest

from sessions_core.conditions.models import ConditionAssignment
from sessions_core.db import idmap
from sessions_core.errors import FlowError
from sessions_core.experimenter.registry import experiment_app
from tests.conditions.helpers import answered, cell_counts, spread, started, stored_session
from tests.conftest import make_session, participants_of, visit

pytestmark = pytest.mark.django_db


def test_a_sessions_condition_is_assigned_at_its_first_start() -> None:
    session = make_session("cond_session", 4)
    assert stored_session(session) is None

    visit(participants_of(session)[0])

    condition = stored_session(session)
    assert condition is not None
    assert ConditionAssignment.objects.get(session=session, unit="session").condition == condition


def test_every_member_of_a_session_sees_the_sessions_condition() -> None:
    everyone = started("cond_session", 4)
    condition = stored_session(everyone[0].session)

    shown = {answered(participant, "x") for participant in everyone}

    assert shown == {f"{condition['depth']}/{condition['color']}"}
    assert ConditionAssignment.objects.count() == 1


def test_eight_sessions_fill_every_cell_twice() -> None:
    for _ in range(8):
        started("cond_session", 2)

    counts = cell_counts("cond_session")

    assert spread(counts) == 0 and sum(counts.values()) == 8


def test_a_group_shares_one_condition_and_later_rounds_keep_it() -> None:
    everyone = started("cond_group", 4)

    first_round = [answered(participant, "x") for participant in everyone]
    later_round = [answered(participant, "x") for participant in everyone]  # round 2's Show

    assert first_round[0] == first_round[1] and first_round[2] == first_round[3]
    assert later_round == first_round
    assert ConditionAssignment.objects.filter(unit="group").count() == 2


def test_a_groups_members_are_recorded_when_it_is_assigned() -> None:
    everyone = started("cond_group", 2)
    answered(everyone[1], "x")

    row = ConditionAssignment.objects.get(unit="group")
    assert row.members == [p.pk for p in everyone]
    assert (row.app_label, row.group_number) == ("conditioned", 1)


def test_groups_across_sessions_are_balanced() -> None:
    for _ in range(4):
        for participant in started("cond_group", 4):
            answered(participant, "x")

    counts = cell_counts("cond_group")

    assert spread(counts) == 0 and sum(counts.values()) == 8


def test_a_group_of_a_later_round_reads_its_first_rounds_condition_outside_a_request() -> None:
    everyone = started("cond_group", 2)
    shown = answered(everyone[0], "x")
    group = experiment_app("conditioned").Group.objects.get(
        session=everyone[0].session, round_number=2, id_in_subsession=1)

    assert f"{group.condition['depth']}/{group.condition['color']}" == shown


def test_reading_another_units_condition_is_a_flow_error() -> None:
    participant = started("cond_wrong_unit", 2)[0]  # a participant unit whose page reads group

    with pytest.raises(FlowError, match="assigns conditions per participant, so read "
                                        "participant.condition"):
        answered(participant, "x")


def test_reading_a_condition_of_a_session_type_without_conditions_is_a_flow_error() -> None:
    participant = started("cond_none", 2)[0]

    with pytest.raises(FlowError, match="SessionType 'cond_none' declares no conditions"):
        answered(participant, "x")


def test_a_participant_who_has_not_started_has_no_condition_yet_in_a_request() -> None:
    participant = participants_of(make_session("cond_participant", 2))[0]

    with idmap.unit_of_work(), pytest.raises(FlowError, match="assigned when they start"):
        _ = idmap.adopt(participant).condition
