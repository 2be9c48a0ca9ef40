"""Strata are balanced each on its own; overrides apply to test sessions only and never
count; test sessions never consume real sessions' balance; units in progress that expired
(dropped out, released, or older than condition_expires_after_seconds) are refilled."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from participants.models import Participant
from sessions_core.conditions.models import ConditionAssignment
from sessions_core.conditions.services import cell_key
from sessions_core.errors import FlowError
from tests.conditions.helpers import answered, cell_counts, spread, started, stored

pytestmark = pytest.mark.django_db


# --- strata ---

def test_a_stratum_is_assigned_at_the_first_read_not_at_the_start() -> None:
    participant = started("cond_stratum", 2)[0]
    assert stored(participant) is None

    answered(participant, "young")

    row = Participant.objects.get(pk=participant.pk)
    assert row.condition is not None and row.stratum == "young"
    assert ConditionAssignment.objects.get(participant=participant).stratum == "young"


def test_each_stratum_is_balanced_on_its_own() -> None:
    # 4 "young" then 4 "old": without strata the "old" ones would just continue the count;
    # with them each stratum fills all four cells, whatever the other did.
    everyone = started("cond_stratum", 8)
    for participant in everyone[:4]:
        answered(participant, "young")
    for participant in everyone[4:6]:
        answered(participant, "old")
    for participant in everyone[6:]:
        answered(participant, "young")

    young = cell_counts("cond_stratum", stratum="young")
    old = cell_counts("cond_stratum", stratum="old")
    assert sum(young.values()) == 6 and spread(young) == 1
    assert sum(old.values()) == 2 and max(old.values()) == 1  # two different cells


def test_a_stratum_that_is_not_known_yet_is_a_flow_error() -> None:
    participant = started("cond_stratum", 2)[0]

    with pytest.raises(FlowError, match="condition_stratum of SessionType 'cond_stratum' "
                                        "returned '' for participant P1"):
        answered(participant, "")  # the stratum function returns the empty answer


# --- overrides and test sessions ---

def test_overrides_apply_in_test_sessions() -> None:
    everyone = started("cond_override", 4, is_test=True)

    assert {stored(p)["depth"] for p in everyone} == {"near"}
    assert {stored(p)["color"] for p in everyone} == {"red", "blue"}  # still balanced
    assert set(ConditionAssignment.objects.values_list("overridden", flat=True)) == {True}


def test_real_sessions_ignore_overrides() -> None:
    everyone = started("cond_override", 8)

    assert {stored(p)["depth"] for p in everyone} == {"near", "far"}
    counts = cell_counts("cond_override")
    assert spread(counts) == 0
    assert not ConditionAssignment.objects.filter(overridden=True).exists()


def test_overridden_and_test_assignments_do_not_consume_real_balance() -> None:
    started("cond_override", 4, is_test=True)  # all near: would tilt a count that included them

    real = started("cond_override", 4)

    assert sorted(cell_key(stored(p)) for p in real) == sorted(
        cell_key({"depth": d, "color": c}) for d in ("near", "far") for c in ("red", "blue"))


# --- expiry: abandoned units are refilled ---

def refill_after(change: dict[str, object], session_type: str = "cond_participant") -> None:
    first = started(session_type, 4)
    gone = first[2]
    Participant.objects.filter(pk=gone.pk).update(**change)

    newcomer = started(session_type, 2)[0]

    assert stored(newcomer) == stored(gone)


def test_a_dropped_out_participant_is_refilled() -> None:
    refill_after({"dropped_out_at": timezone.now()})


def test_a_released_participant_is_refilled() -> None:
    refill_after({"released_at": timezone.now(), "finished_at": timezone.now(),
                  "status": Participant.Status.FINISHED})


def test_a_participant_who_dropped_out_and_finished_still_counts() -> None:
    first = started("cond_participant", 4)
    Participant.objects.filter(pk=first[0].pk).update(
        dropped_out_at=timezone.now(), finished_at=timezone.now())

    second = started("cond_participant", 4)

    assert sorted(cell_key(stored(p)) for p in second) == sorted(
        cell_key(stored(p)) for p in first)


def test_a_unit_in_progress_longer_than_the_limit_is_refilled() -> None:
    first = started("cond_expiring", 4)
    old = timezone.now() - timedelta(seconds=601)
    ConditionAssignment.objects.filter(participant=first[1]).update(assigned_at=old)

    newcomer = started("cond_expiring", 2)[0]

    assert stored(newcomer) == stored(first[1])


def test_a_completed_unit_counts_however_old() -> None:
    first = started("cond_expiring", 4)
    old = timezone.now() - timedelta(seconds=6000)
    ConditionAssignment.objects.update(assigned_at=old)
    Participant.objects.filter(pk__in=[p.pk for p in first]).update(finished_at=timezone.now())
    ConditionAssignment.objects.filter(participant=first[3]).update(
        assigned_at=timezone.now() - timedelta(seconds=601))
    Participant.objects.filter(pk=first[3].pk).update(finished_at=None)

    newcomer = started("cond_expiring", 2)[0]

    assert stored(newcomer) == stored(first[3])


def test_a_session_unit_whose_participants_all_dropped_out_is_refilled() -> None:
    sessions = [started("cond_session", 2)[0].session for _ in range(4)]
    gone = sessions[1]
    Participant.objects.filter(session=gone).update(dropped_out_at=timezone.now())

    newcomer = started("cond_session", 2)[0].session

    assert ConditionAssignment.objects.get(session=newcomer).cell == \
        ConditionAssignment.objects.get(session=gone).cell


def test_a_group_whose_started_members_all_left_is_refilled() -> None:
    everyone = started("cond_group", 8)  # four groups, one per cell
    for participant in everyone:
        answered(participant, "x")
    gone = everyone[4:6]  # group 3
    Participant.objects.filter(pk__in=[p.pk for p in gone]).update(released_at=timezone.now())

    fresh = started("cond_group", 2)
    answered(fresh[0], "x")

    group_3 = ConditionAssignment.objects.get(session=gone[0].session_id, group_number=3)
    assert ConditionAssignment.objects.get(session=fresh[0].session_id).cell == group_3.cell


# --- immutability ---

def test_an_assignment_never_changes_even_when_it_expires() -> None:
    participant = started("cond_participant", 2)[0]
    before = stored(participant)
    Participant.objects.filter(pk=participant.pk).update(dropped_out_at=timezone.now())
    started("cond_participant", 8)

    answered(participant, "x")

    assert stored(participant) == before
    assert ConditionAssignment.objects.get(participant=participant).condition == before


def test_test_sessions_are_balanced_among_themselves_apart_from_real_ones() -> None:
    started("cond_participant", 4)  # real: every cell once
    tests = started("cond_participant", 4, is_test=True)

    assert len({cell_key(stored(p)) for p in tests}) == 4
    assert spread(cell_counts("cond_participant", is_test=True)) == 0


def test_a_session_unit_with_a_finished_participant_counts_though_others_dropped_out() -> None:
    sessions = [started("cond_session", 2)[0].session for _ in range(3)]  # three cells used
    kept = sessions[1]
    first, second = Participant.objects.filter(session=kept).order_by("id_in_session")
    Participant.objects.filter(pk=first.pk).update(finished_at=timezone.now())
    Participant.objects.filter(pk=second.pk).update(dropped_out_at=timezone.now())

    newcomer = started("cond_session", 2)[0].session

    used = {ConditionAssignment.objects.get(session=s).cell for s in sessions}
    assert ConditionAssignment.objects.get(session=newcomer).cell not in used  # the fourth
