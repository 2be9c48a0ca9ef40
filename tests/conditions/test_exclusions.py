"""condition_exclude_session / condition_exclude_participant: the excluded stop counting from
then on, so the next units refill their cells first; the data keeps them, flagged; a reason is
required; excluding twice changes nothing."""
from __future__ import annotations

import pytest

from participants.models import Participant
from sessions_core.conditions.models import ConditionAssignment
from sessions_core.conditions.services import (
    cell_key,
    condition_exclude_participant,
    condition_exclude_session,
)
from sessions_core.errors import InvalidRequest
from sessions_core.models import Session
from tests.conditions.helpers import cell_counts, started, stored
from tests.conftest import make_session, participants_of, visit

pytestmark = pytest.mark.django_db


def test_an_excluded_participant_is_refilled_first() -> None:
    first = started("cond_participant", 4)  # one in each cell
    gone = first[1]
    condition_exclude_participant(participant=gone, reason="hardware failure")

    newcomer = started("cond_participant", 2)[0]

    assert stored(newcomer) == stored(gone)


def test_an_excluded_session_is_refilled_first() -> None:
    excluded = started("cond_participant", 2)
    started("cond_participant", 2)  # every cell once
    condition_exclude_session(session=excluded[0].session, reason="fire alarm")

    refill = started("cond_participant", 2)

    assert sorted(map(cell_key, map(stored, refill))) == \
        sorted(map(cell_key, map(stored, excluded)))


def test_exclusion_keeps_the_data_flagged_with_the_reason() -> None:
    participant = started("cond_participant", 2)[0]

    assert condition_exclude_participant(participant=participant, reason="  fell asleep ")

    row = Participant.objects.get(pk=participant.pk)
    assert row.excluded_at is not None and row.excluded_reason == "fell asleep"
    assert row.condition is not None
    assignment = ConditionAssignment.objects.get(participant=participant)
    assert assignment.excluded_at == row.excluded_at and assignment.excluded_reason == "fell asleep"


def test_excluding_twice_keeps_the_first_time_and_reason() -> None:
    session = started("cond_participant", 2)[0].session
    assert condition_exclude_session(session=session, reason="first")
    before = Session.objects.get(pk=session.pk)

    assert not condition_exclude_session(session=session, reason="second")

    after = Session.objects.get(pk=session.pk)
    assert (after.excluded_at, after.excluded_reason) == (before.excluded_at, "first")
    assert set(ConditionAssignment.objects.values_list("excluded_reason", flat=True)) == {"first"}


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_reason_is_required_and_nothing_changes_without_one(reason: object) -> None:
    participant = started("cond_participant", 2)[0]

    with pytest.raises(InvalidRequest, match="reason: say why it is excluded"):
        condition_exclude_participant(participant=participant, reason=reason)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequest, match="reason"):
        condition_exclude_session(session=participant.session, reason=reason)  # type: ignore[arg-type]

    assert not Participant.objects.filter(excluded_at__isnull=False).exists()
    assert not Session.objects.filter(excluded_at__isnull=False).exists()
    assert not ConditionAssignment.objects.filter(excluded_at__isnull=False).exists()


def test_a_participant_who_starts_in_an_excluded_session_does_not_count() -> None:
    session = make_session("cond_participant", 4)
    early, late = participants_of(session)[0], participants_of(session)[3]
    visit(early)
    condition_exclude_session(session=session, reason="pilot")

    visit(late)

    assert stored(late) is not None
    row = ConditionAssignment.objects.get(participant=late)
    assert row.excluded_at is not None and row.excluded_reason == "pilot"
    assert sum(cell_counts("cond_participant", excluded_at__isnull=True).values()) == 0
