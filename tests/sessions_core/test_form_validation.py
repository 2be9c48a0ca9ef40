"""Field types, min/max/choices/blank: a rejected post shows the page again and stores nothing."""
from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from participants.models import Participant
from sessions_core.api import Currency
from tests.conftest import fresh, make_session, participants_of, player_of, url_of
from tests.sessions_core.formcheck_steps import BASICS

FIELDS = ["number", "flavour", "nickname", "essay", "newsletter", "price", "likes_tea"]


@pytest.fixture
def newcomer(db: None, client: Client) -> Participant:
    """A participant of a formcheck session looking at its first page (Basics)."""
    participant = participants_of(make_session("formcheck", 2))[0]
    assert client.get(url_of(participant)).status_code == 200
    return participant


def send(client: Client, participant: Participant, data: dict[str, Any]) -> str:
    token = fresh(participant).position_token
    response = client.post(url_of(participant), {**data, "_quorum_page": token})
    assert response.status_code == 200
    return response.content.decode()


def stored(participant: Participant) -> dict[str, Any]:
    player = player_of(participant)
    return {name: getattr(player, name) for name in FIELDS}


def assert_rejected(client: Client, participant: Participant, data: dict[str, Any],
                    message: str) -> None:
    before_position = fresh(participant).position
    before_values = stored(participant)
    html = send(client, participant, data)
    assert message in html
    assert '<h1 class="page-title">Basics</h1>' in html
    assert fresh(participant).position == before_position
    assert stored(participant) == before_values == dict.fromkeys(FIELDS)


def test_valid_post_stores_every_field_and_shows_the_next_page(client: Client,
                                                                newcomer: Participant) -> None:
    html = send(client, newcomer, {**BASICS, "nickname": "Kim", "newsletter": "on",
                                   "essay": "Line one\r\nLine two", "price": "12"})
    assert '<h1 class="page-title">Dynamic</h1>' in html
    values = stored(newcomer)
    assert values == {"number": 3, "flavour": "vanilla", "nickname": "Kim",
                      "essay": "Line one\r\nLine two", "newsletter": True, "price": 12,
                      "likes_tea": True}
    assert isinstance(values["price"], Currency)


def test_number_above_max_is_rejected(client: Client, newcomer: Participant) -> None:
    assert_rejected(client, newcomer, {**BASICS, "number": "11"},
                    "Ensure this value is less than or equal to 10.")


def test_number_below_min_is_rejected(client: Client, newcomer: Participant) -> None:
    assert_rejected(client, newcomer, {**BASICS, "number": "0"},
                    "Ensure this value is greater than or equal to 1.")


def test_text_in_a_number_field_is_rejected(client: Client, newcomer: Participant) -> None:
    assert_rejected(client, newcomer, {**BASICS, "number": "three"}, "Enter a whole number.")


def test_value_outside_the_choices_is_rejected(client: Client, newcomer: Participant) -> None:
    assert_rejected(client, newcomer, {**BASICS, "flavour": "mint"},
                    "Select a valid choice. mint is not one of the available choices.")


def test_currency_above_max_is_rejected(client: Client, newcomer: Participant) -> None:
    assert_rejected(client, newcomer, {**BASICS, "price": "50.5"},
                    "Ensure this value is less than or equal to 50.")


def test_currency_with_more_decimals_than_points_have_is_rejected(client: Client,
                                                                  newcomer: Participant) -> None:
    # Points have no decimals here (POINTS_DECIMAL_PLACES=0): 12.4 must not become 12 unseen.
    assert_rejected(client, newcomer, {**BASICS, "price": "12.4"},
                    "Ensure that there are no more than 0 decimal places.")


def test_missing_required_field_is_rejected(client: Client, newcomer: Participant) -> None:
    data = {k: v for k, v in BASICS.items() if k != "essay"}
    assert_rejected(client, newcomer, data, "This field is required.")


def test_one_bad_field_stores_none_of_the_good_ones(client: Client, newcomer: Participant) -> None:
    html = send(client, newcomer, {**BASICS, "nickname": "Kim", "likes_tea": "maybe"})
    assert "Please fix the errors in the form." in html
    assert stored(newcomer) == dict.fromkeys(FIELDS)


def test_rejected_page_shows_what_was_typed(client: Client, newcomer: Participant) -> None:
    html = send(client, newcomer, {**BASICS, "number": "11", "nickname": "Kim"})
    assert 'value="11"' in html
    assert 'value="Kim"' in html


def test_blank_field_may_be_left_empty(client: Client, newcomer: Participant) -> None:
    html = send(client, newcomer, BASICS)
    assert '<h1 class="page-title">Dynamic</h1>' in html
    assert player_of(newcomer).nickname == ""


def test_unchecked_checkbox_stores_false(client: Client, newcomer: Participant) -> None:
    send(client, newcomer, BASICS)
    assert player_of(newcomer).newsletter is False


def test_boolean_radio_stores_false_for_no(client: Client, newcomer: Participant) -> None:
    send(client, newcomer, {**BASICS, "likes_tea": "False"})
    assert player_of(newcomer).likes_tea is False


def test_checkbox_and_long_text_render_as_such(client: Client, newcomer: Participant) -> None:
    html = client.get(url_of(newcomer)).content.decode()
    assert '<input type="checkbox" name="newsletter"' in html
    assert '<textarea name="essay"' in html
    assert '<input type="radio" name="likes_tea" value="True"' in html


def test_rejected_post_writes_nothing_to_the_database(client: Client,
                                                      newcomer: Participant) -> None:
    with CaptureQueriesContext(connection) as queries:
        send(client, newcomer, {**BASICS, "number": "11"})
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]
    assert writes == []
