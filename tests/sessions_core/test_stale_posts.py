"""A post carries the position it was rendered for; a repeated or old post changes nothing."""
from __future__ import annotations

import pytest
from django.test import Client

from participants.models import Participant
from tests.conftest import fresh, make_session, page_name, participants_of, player_of, post, url_of, visit
from tests.sessions_core.formcheck_steps import BASICS


@pytest.fixture
def newcomer(db: None, client: Client) -> Participant:
    participant = participants_of(make_session("formcheck", 1))[0]
    client.get(url_of(participant))
    return participant


def test_posting_the_same_token_twice_moves_on_once(client: Client, newcomer: Participant) -> None:
    token = fresh(newcomer).position_token
    first = client.post(url_of(newcomer), {**BASICS, "_quorum_page": token})
    position_after_first = fresh(newcomer).position
    second = client.post(url_of(newcomer), {**BASICS, "number": "7", "_quorum_page": token})
    assert second.status_code == 200
    assert '<h1 class="page-title">Dynamic</h1>' in first.content.decode()
    assert '<h1 class="page-title">Dynamic</h1>' in second.content.decode()
    assert fresh(newcomer).position == position_after_first
    assert player_of(newcomer).number == 3


def test_an_old_token_does_not_answer_the_current_page(newcomer: Participant) -> None:
    old = fresh(newcomer).position_token
    post(newcomer, BASICS)
    outcome = post(newcomer, {"bid": 10, "seat": 1}, token=old)
    assert outcome.stale
    assert page_name(outcome) == "Dynamic"
    assert player_of(newcomer).bid is None
    assert fresh(newcomer).page_index == 1


def test_a_stale_post_with_invalid_data_shows_no_errors(newcomer: Participant) -> None:
    old = fresh(newcomer).position_token
    post(newcomer, BASICS)
    outcome = post(newcomer, {"number": "999"}, token=old)
    assert outcome.stale and not outcome.rejected
    assert player_of(newcomer).number == 3


def test_a_post_without_a_token_changes_nothing(client: Client, newcomer: Participant) -> None:
    response = client.post(url_of(newcomer), BASICS)
    assert '<h1 class="page-title">Basics</h1>' in response.content.decode()
    assert player_of(newcomer).number is None
    assert fresh(newcomer).page_index == 0


def test_a_post_to_a_wait_page_changes_nothing(db: None) -> None:
    first, _second = participants_of(make_session("trust", 2))
    visit(first)
    post(first, {"sent_amount": 10})
    waiting = fresh(first)
    outcome = post(first, {"sent_amount": 50})
    assert outcome.stale
    assert page_name(outcome) == "SendBackWaitPage"
    assert fresh(first).position == waiting.position
    assert player_of(first).group.sent_amount == 10


def test_a_post_after_finishing_shows_the_finished_page(client: Client, db: None) -> None:
    participant = participants_of(make_session("questionnaire", 1))[0]
    visit(participant)
    post(participant, {"age": 30, "gender": "Female", "education_years": 12})
    post(participant, {"crt": 1})
    token = fresh(participant).position_token
    post(participant, {})
    response = client.post(url_of(participant), {"_quorum_page": token})
    assert 'id="finished"' in response.content.decode()
    assert fresh(participant).status == Participant.Status.FINISHED
