"""<field>_error_message and the page's error_message (a str or a dict) reject and explain."""
from __future__ import annotations

import pytest
from django.test import Client

from participants.models import Participant
from tests.conftest import fresh, make_session, page_name, participants_of, player_of, post, visit
from tests.sessions_core.formcheck_steps import reach


@pytest.fixture
def on_rules(db: None) -> Participant:
    participant = participants_of(make_session("formcheck", 1))[0]
    reach(participant, "Rules")
    return participant


def stored_rules(participant: Participant) -> tuple[int | None, ...]:
    player = player_of(participant)
    return (player.even, player.left, player.right)


def test_field_error_message_rejects_with_its_text(on_rules: Participant) -> None:
    outcome = post(on_rules, {"even": 3, "left": 5, "right": 5})
    assert outcome.form.errors == {"even": ["Please enter an even number."]}
    assert stored_rules(on_rules) == (None, None, None)


def test_page_error_message_string_is_a_form_wide_error(on_rules: Participant) -> None:
    outcome = post(on_rules, {"even": 4, "left": 5, "right": 6})
    assert outcome.form.non_field_errors() == ["Left and right must add up to 10."]
    assert stored_rules(on_rules) == (None, None, None)
    assert page_name(visit(on_rules)) == "Rules"


def test_page_error_message_waits_until_every_field_is_valid(on_rules: Participant) -> None:
    # oTree order: field checks first; error_message(values) only sees a complete, valid form.
    outcome = post(on_rules, {"even": 3, "left": 5, "right": 6})
    assert outcome.form.non_field_errors() == []
    assert list(outcome.form.errors) == ["even"]


def test_page_error_message_dict_marks_the_named_field(db: None) -> None:
    participant = participants_of(make_session("formcheck", 1))[0]
    reach(participant, "DictRules")
    outcome = post(participant, {"low": 5, "high": 5})
    assert outcome.form.errors == {"high": ["High must be above low."]}
    assert player_of(participant).low is None
    assert player_of(participant).payoff == 0  # before_next_page did not run


def test_valid_answers_pass_every_rule(on_rules: Participant) -> None:
    outcome = post(on_rules, {"even": 4, "left": 3, "right": 7})
    assert page_name(outcome) == "DictRules"
    assert stored_rules(on_rules) == (4, 3, 7)


def test_error_messages_are_shown_on_the_page(client: Client, on_rules: Participant) -> None:
    url = f"/p/{on_rules.session.name}/{on_rules.name}/"
    token = fresh(on_rules).position_token
    html = client.post(url, {"_quorum_page": token, "even": "4", "left": "1",
                             "right": "1"}).content.decode()
    assert '<div class="alert alert-danger" role="alert"><p>Left and right must add up to 10.</p>' \
        in html
    html = client.post(url, {"_quorum_page": token, "even": "5", "left": "3",
                             "right": "7"}).content.decode()
    assert '<div class="field-error" role="alert">Please enter an even number.</div>' in html
