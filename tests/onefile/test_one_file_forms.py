"""Forms of an app in the one-file format: the rules as functions of the app and the page
methods as static methods taking the player (tests/apps/onefile_forms)."""
from __future__ import annotations

import pytest
from django.test import Client

from participants.models import Participant
from sessions_core.engine.bot_runner import run_bots
from sessions_core.models import Session
from tests.apps import onefile_forms
from tests.conftest import fresh, make_session, page_name, participants_of, player_of, post, url_of, visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair() -> list[Participant]:
    participants = participants_of(make_session("onefile_forms", 2))
    for participant in participants:
        visit(participant)
    return participants


def test_its_bots_pass_every_rule() -> None:
    results = run_bots("onefile_forms", 2)
    assert [r.ok for r in results] == [True], results[0].error
    session = Session.objects.get(name=results[0].session_name)
    players = {p.id_in_subsession: p for p in onefile_forms.Player.objects.filter(session=session)}
    assert (players[1].answer, players[1].timed_out) == (99, True)
    assert (players[2].answer, players[2].timed_out) == (5, False)
    assert onefile_forms.Group.objects.get(session=session).shared == 3


def test_min_and_max_functions_take_the_player(pair: list[Participant]) -> None:
    first, second = pair
    assert post(first, {"amount": 5, "color": "red", "guess": 2}).form.errors == {
        "amount": ["Ensure this value is less than or equal to 4."]}
    assert post(second, {"amount": 0, "color": "green", "guess": 2}).form.errors == {
        "amount": ["Ensure this value is greater than or equal to 1."]}
    assert page_name(post(second, {"amount": 5, "color": "green", "guess": 2})) == "Timed"


def test_choices_function_takes_the_player(pair: list[Participant], client: Client) -> None:
    first, second = pair
    html = client.get(url_of(second)).content.decode()
    assert 'value="green"' in html and 'value="red"' not in html
    errors = post(first, {"amount": 2, "color": "green", "guess": 4}).form.errors
    assert list(errors) == ["color"]
    assert "green is not one of the available choices" in errors["color"][0]


def test_error_message_function_and_the_pages_error_message(pair: list[Participant]) -> None:
    first, _ = pair
    assert post(first, {"amount": 2, "color": "red", "guess": 3}).form.errors == {
        "guess": ["Guess an even number"]}
    outcome = post(first, {"amount": 2, "color": "red", "guess": 2})
    assert outcome.form.errors == {"__all__": ["The amount and the guess must differ"]}
    assert player_of(first).amount is None  # a rejected form stores nothing
    assert page_name(post(first, {"amount": 2, "color": "red", "guess": 4})) == "Share"
    assert fresh(first).vars == {"chose": 2}  # before_next_page(player, timeout_happened)


def test_get_form_fields_vars_for_template_and_js_vars(pair: list[Participant],
                                                       client: Client) -> None:
    first, second = pair
    html = client.get(url_of(first)).content.decode()
    assert '<p id="budget">Your budget is 4.</p>' in html
    assert 'name="bonus"' not in html
    assert '<script>var js_vars = {"budget": 4, "player": 1};</script>' in html
    assert 'name="bonus"' in client.get(url_of(second)).content.decode()
    post(first, {"amount": 2, "color": "red", "guess": 4})
    html = client.get(url_of(first)).content.decode()
    assert "Share" in html and "js_vars" not in html  # a page without js_vars has no script


def test_a_group_field_rule_takes_the_group_and_is_displayed_the_player(
        pair: list[Participant]) -> None:
    first, second = pair
    post(first, {"amount": 2, "color": "red", "guess": 4})
    assert post(first, {"shared": 8}).form.errors == {
        "shared": ["Ensure this value is less than or equal to 7."]}
    assert page_name(post(first, {"shared": 7})) == "Timed"
    assert page_name(post(second, {"amount": 2, "color": "gray", "guess": 4, "bonus": 1})) == "Timed"


def test_get_timeout_seconds_takes_the_player(pair: list[Participant]) -> None:
    first, second = pair
    post(second, {"amount": 2, "color": "gray", "guess": 4})
    participant = fresh(second)
    assert participant.page_entered_at is not None and participant.timeout_at is not None
    seconds = (participant.timeout_at - participant.page_entered_at).total_seconds()
    assert 61.5 <= seconds <= 62.5
