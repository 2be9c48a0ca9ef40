"""<field>_min, <field>_max and <field>_choices on the Page decide per participant."""
from __future__ import annotations

import pytest

from participants.models import Participant
from tests.conftest import make_session, page_name, participants_of, player_of, post, visit
from tests.sessions_core.formcheck_steps import reach


@pytest.fixture
def pair(db: None) -> list[Participant]:
    """Two formcheck participants on the Dynamic page (bid floors 10 and 20)."""
    participants = participants_of(make_session("formcheck", 2))
    for participant in participants:
        reach(participant, "Dynamic")
    return participants


def test_dynamic_min_rejects_a_bid_below_the_participants_floor(pair: list[Participant]) -> None:
    second = pair[1]
    outcome = post(second, {"bid": 19, "seat": 7})
    assert outcome.form.errors == {"bid": ["Ensure this value is greater than or equal to 20."]}
    assert page_name(visit(second)) == "Dynamic"
    assert player_of(second).bid is None


def test_dynamic_max_rejects_a_bid_above_the_participants_ceiling(pair: list[Participant]) -> None:
    outcome = post(pair[0], {"bid": 16, "seat": 1})
    assert outcome.form.errors == {"bid": ["Ensure this value is less than or equal to 15."]}
    assert player_of(pair[0]).bid is None


def test_the_same_bid_is_valid_for_one_participant_and_not_another(pair: list[Participant]) -> None:
    first, second = pair
    assert not post(first, {"bid": 15, "seat": 1}).rejected
    assert post(second, {"bid": 15, "seat": 7}).rejected
    assert player_of(first).bid == 15


def test_dynamic_choices_are_the_participants_own(pair: list[Participant]) -> None:
    first, second = pair
    rejected = post(first, {"bid": 10, "seat": 7})
    assert rejected.form.errors == {
        "seat": ["Select a valid choice. 7 is not one of the available choices."]}
    assert not post(second, {"bid": 20, "seat": 7}).rejected
    assert player_of(second).seat == 7
    assert player_of(first).seat is None


def test_dynamic_choices_are_the_options_rendered(pair: list[Participant]) -> None:
    form = visit(pair[1]).form
    assert [value for value, _ in form.fields["seat"].choices if value != ""] == ["7", "8", "9"]
    assert (form.fields["bid"].min_value, form.fields["bid"].max_value) == (20, 25)
