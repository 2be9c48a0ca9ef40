"""`<field>_min`, `_max`, `_choices` and `_error_message` are looked up on the page, then on the
model the form fills (Player or Group), as oTree 3 does."""
from __future__ import annotations

import pytest

from participants.models import Participant
from sessions_core.engine.bot_runner import run_bots
from tests.conftest import make_session, page_name, participants_of, player_of, post, visit

VALID = {"guess": 5, "colour": "red", "word": "fine", "capped": 10}


@pytest.fixture
def pair(db: None) -> list[Participant]:
    participants = participants_of(make_session("modelrules", 2))
    for participant in participants:
        visit(participant)
    return participants


def test_player_error_message_rejects_and_stores_nothing(pair: list[Participant]) -> None:
    outcome = post(pair[0], {**VALID, "word": "Shout"})
    assert outcome.form.errors == {"word": ["Lower case only."]}
    assert player_of(pair[0]).word is None


def test_player_min_and_max_are_the_participants_own(pair: list[Participant]) -> None:
    first, second = pair
    assert post(second, {**VALID, "guess": 1, "colour": "blue"}).form.errors == {
        "guess": ["Ensure this value is greater than or equal to 2."]}
    assert post(first, {**VALID, "guess": 12}).form.errors == {
        "guess": ["Ensure this value is less than or equal to 11."]}
    assert not post(first, {**VALID, "guess": 11}).rejected
    assert player_of(first).guess == 11


def test_player_choices_are_the_options_offered(pair: list[Participant]) -> None:
    form = visit(pair[1]).form
    assert [value for value, _ in form.fields["colour"].choices if value] == ["blue"]
    assert post(pair[1], {**VALID, "guess": 5}).form.errors == {
        "colour": ["Select a valid choice. red is not one of the available choices."]}


def test_a_rule_on_the_page_wins_over_the_models(pair: list[Participant]) -> None:
    assert post(pair[0], {**VALID, "capped": 51}).form.errors == {
        "capped": ["Ensure this value is less than or equal to 50."]}


def test_group_rules_check_a_group_form(pair: list[Participant]) -> None:
    first = pair[0]
    post(first, VALID)
    assert post(first, {"price": 12}).form.errors == {"price": ["Prices go in steps of 5."]}
    assert post(first, {"price": 105}).form.errors == {
        "price": ["Ensure this value is less than or equal to 100."]}
    assert page_name(post(first, {"price": 15})) == "Done"


@pytest.mark.django_db
def test_bots_submission_must_fail_sees_model_rules() -> None:
    assert [r.error for r in run_bots("modelrules", 1)] == [None]
