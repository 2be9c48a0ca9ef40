"""The engine records page times: when a participant landed on the page they are on, and one
PageVisit row for each page they leave (submitted, timed out, or a wait page passed)."""
from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants.models import Participant
from sessions_core.models import PageVisit, Session
from tests.conftest import fresh, make_session, participants_of, post, timeout, visit


@pytest.fixture
def trust(db: None) -> Session:
    """trust: Send (player 1), SendBackWaitPage, SendBack (player 2), ResultsWaitPage, Results."""
    return make_session("trust", 2)


def visits_of(participant: Participant) -> list[tuple[str, str]]:
    rows = PageVisit.objects.filter(participant_id=participant.pk).order_by("left_at", "id")
    return [(row.page_name, row.how) for row in rows]


def test_landing_on_the_first_page_sets_when_the_participant_entered_it(trust: Session) -> None:
    sender = participants_of(trust)[0]
    assert fresh(sender).page_entered_at is None
    visit(sender)
    assert fresh(sender).page_entered_at is not None
    assert not PageVisit.objects.exists()


def test_viewing_a_page_again_writes_nothing_and_keeps_the_entry_time(trust: Session) -> None:
    sender = participants_of(trust)[0]
    visit(sender)
    entered = fresh(sender).page_entered_at
    with CaptureQueriesContext(connection) as queries:
        visit(sender)
    assert fresh(sender).page_entered_at == entered
    assert not PageVisit.objects.exists()
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]


def test_submitting_a_page_records_its_visit_from_entry_to_submission(trust: Session) -> None:
    sender = participants_of(trust)[0]
    visit(sender)
    entered = fresh(sender).page_entered_at
    post(sender, {"sent_amount": 10})
    row = PageVisit.objects.get(participant_id=sender.pk)
    assert (row.app_label, row.round_number, row.page_index, row.page_name, row.how) == (
        "trust", 1, 0, "Send", PageVisit.How.SUBMITTED)
    assert row.session_id == trust.pk and row.app_index == 0
    assert row.entered_at == entered and entered is not None
    assert row.left_at >= row.entered_at
    # The sender now waits on ResultsWaitPage: landed there, not left yet.
    assert fresh(sender).page_entered_at >= row.left_at


def test_a_rejected_submission_leaves_nothing(trust: Session) -> None:
    sender = participants_of(trust)[0]
    visit(sender)
    post(sender, {"sent_amount": 1000})
    assert not PageVisit.objects.exists()


def test_a_wait_page_left_by_passing_it_is_recorded_as_passed(trust: Session) -> None:
    sender, receiver = participants_of(trust)
    visit(receiver)  # lands on SendBackWaitPage: player 1 has not sent yet
    visit(sender)
    post(sender, {"sent_amount": 10})
    visit(receiver)  # the barrier opened: the receiver passes it and lands on SendBack
    assert visits_of(receiver) == [("SendBackWaitPage", "passed")]
    row = PageVisit.objects.get(participant_id=receiver.pk)
    assert row.entered_at is not None and row.left_at >= row.entered_at


def test_a_wait_page_that_opens_on_arrival_is_not_landed_on(trust: Session) -> None:
    sender, receiver = participants_of(trust)
    visit(receiver)
    visit(sender)
    post(sender, {"sent_amount": 10})
    # The sender arrived last at SendBackWaitPage, which opened at once: they went on to
    # ResultsWaitPage without a row for the page they never saw.
    assert visits_of(sender) == [("Send", "submitted")]


def test_a_timeout_is_recorded_as_such(trust: Session) -> None:
    sender = participants_of(trust)[0]
    visit(sender)
    timeout(sender)
    assert visits_of(sender) == [("Send", "timeout")]


def test_a_whole_session_leaves_one_row_per_page_each_participant_was_shown(trust: Session) -> None:
    sender, receiver = participants_of(trust)
    visit(receiver)
    visit(sender)
    post(sender, {"sent_amount": 10})
    visit(receiver)
    post(receiver, {"sent_back_amount": 5})
    visit(sender)
    post(sender, {})
    post(receiver, {})
    assert visits_of(sender) == [("Send", "submitted"), ("ResultsWaitPage", "passed"),
                                 ("Results", "submitted")]
    assert visits_of(receiver) == [("SendBackWaitPage", "passed"), ("SendBack", "submitted"),
                                   ("Results", "submitted")]
    assert fresh(sender).status == Participant.Status.FINISHED
