"""condition_unit="participant": each participant gets the least-used combination when they
start, before their first page renders; it never changes, and it is in their row."""
from __future__ import annotations

import pytest

from participants.models import Participant
from sessions_core.conditions.models import ConditionAssignment
from sessions_core.conditions.services import cell_key
from sessions_core.db import idmap
from tests.conditions.helpers import CELLS, cell_counts, shown, spread, started, stored
from tests.conftest import make_session, participants_of, post, visit

pytestmark = pytest.mark.django_db


def test_a_participant_has_a_condition_from_their_first_page() -> None:
    session = make_session("cond_participant", 2)
    participant = participants_of(session)[0]
    assert stored(participant) is None

    visit(participant)

    condition = stored(participant)
    assert set(condition) == {"depth", "color"} and cell_key(condition) in CELLS
    row = ConditionAssignment.objects.get(participant=participant)
    assert row.condition == condition and row.unit == "participant" and row.session == session


def test_the_first_page_shows_it() -> None:
    participant = started("cond_participant")[0]
    post(participant, {"answer": "x"})  # Intro, then Show reads participant.condition

    condition = stored(participant)
    assert shown(participant) == f"{condition['depth']}/{condition['color']}"


def test_twelve_participants_fill_every_cell_three_times() -> None:
    started("cond_participant", 12)

    counts = cell_counts("cond_participant")

    assert spread(counts) == 0 and sum(counts.values()) == 12


def test_a_condition_never_changes_on_later_requests() -> None:
    participant = started("cond_participant")[0]
    first = stored(participant)
    for _ in range(3):
        post(participant, {"answer": "x"})
        visit(participant)

    assert stored(participant) == first
    assert ConditionAssignment.objects.filter(participant=participant).count() == 1


def test_a_participant_who_has_not_started_has_none_outside_a_request() -> None:
    participant = participants_of(make_session("cond_participant", 2))[0]

    assert Participant.objects.get(pk=participant.pk).condition is None
    assert not ConditionAssignment.objects.exists()


def test_a_full_save_in_a_request_neither_assigns_nor_refuses() -> None:
    participant = participants_of(make_session("cond_none", 2))[0]

    with idmap.unit_of_work():
        mapped = idmap.adopt(Participant.objects.get(pk=participant.pk))
        mapped.label = "saved"
        mapped.save()  # Django reads every field; a condition is read by app code only

    row = Participant.objects.get(pk=participant.pk)
    assert row.label == "saved" and row.condition is None
