"""A `<button name=... value=...>` inside the page's form is an input and a next button for the
bots' check_html, and submitting it stores its value, as a browser's click does."""
from __future__ import annotations

import pytest

from sessions_core.engine.bot_runner import run_bots
from sessions_core.experimenter.registry import experiment_app
from tests.conftest import make_session, page_name, participants_of, player_of, post, visit


@pytest.mark.django_db
def test_bots_answer_with_named_buttons_and_their_values_are_stored() -> None:
    [result] = run_bots("buttons", 1)
    assert result.error is None
    player = experiment_app("buttons").Player.objects.get(session__name=result.session_name)
    assert (player.offer_accepted, player.hand) == (True, "paper")


@pytest.mark.django_db
def test_a_named_button_outside_the_form_is_not_an_input() -> None:
    [result] = run_bots("buttons_note_outside_form", 1)
    assert result.error is not None
    assert result.error.endswith("page Hand has no form input named note (check_html=False to "
                                 "submit anyway)")


@pytest.mark.django_db
def test_a_post_with_the_clicked_buttons_name_and_value_stores_the_value() -> None:
    [participant] = participants_of(make_session("buttons", 1))
    visit(participant)
    assert page_name(post(participant, {"offer_accepted": "False"})) == "Hand"
    assert page_name(post(participant, {"hand": "scissors"})) == "Done"
    stored = player_of(participant)
    assert (stored.offer_accepted, stored.hand) == (False, "scissors")
