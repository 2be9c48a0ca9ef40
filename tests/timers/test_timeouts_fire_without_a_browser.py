"""A page's deadline is stored when the page is first shown, and the server fires it when it
passes: the page is submitted as a timeout and the participant moves on, browser or not."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from participants.models import Participant
from tests.apps.timers import pages
from tests.conftest import fresh, make_session, participants_of, player_of, post, visit
from tests.timers.helpers import (
    deadline_of,
    fire_at,
    later,
    page_of,
    shift_app_clock,
    timeouts_of,
)

pytestmark = pytest.mark.django_db


def pair() -> list[Participant]:
    return participants_of(make_session("timers", 2))


def test_the_deadline_is_stored_when_the_page_is_first_shown() -> None:
    first, _ = pair()
    assert fresh(first).timeout_at is None
    before = later(0)
    visit(first)
    deadline = deadline_of(first)
    assert before + timedelta(seconds=60) <= deadline <= later(60)
    visit(first)
    assert deadline_of(first) == deadline, "showing the page again does not restart its timer"


def test_a_timeout_fires_for_a_participant_whose_browser_never_returns() -> None:
    first, _ = pair()
    visit(first)  # the only request this participant ever makes

    firing = fire_at(deadline_of(first) + timedelta(seconds=1))

    assert firing.fired == 1
    assert page_of(first) == "Task1"
    assert timeouts_of(first) == ["Choose"]
    player = player_of(first)
    assert player.choose_timed_out is True
    assert player.submissions == 1


def test_a_timeout_stores_timeout_submission_then_each_fields_neutral_value() -> None:
    first, _ = pair()
    visit(first)
    fire_at(deadline_of(first) + timedelta(seconds=1))
    p = player_of(first)
    # number from timeout_submission; level its initial; the others 0, False or "" by type,
    # stored without validation (amount has min=1, share min=0.5).
    assert (p.number, p.level, p.flag, p.note, p.remark) == (7, 3, False, "", "")
    assert p.amount == Decimal(0) and p.share == 0.0


def test_nothing_fires_before_the_deadline() -> None:
    first, _ = pair()
    visit(first)
    assert fire_at(deadline_of(first) - timedelta(seconds=1)).fired == 0
    assert page_of(first) == "Choose"
    assert timeouts_of(first) == []


def test_an_untimed_page_has_no_deadline() -> None:
    first, second = pair()
    visit(first)
    visit(second)
    for p in (first, second):
        post(p, {"number": 4, "flag": True, "note": "", "amount": 2, "share": 1, "remark": "x",
                 "level": 4})
        post(p, {})
        post(p, {})
    visit(first)  # passes Together, which the second one opened
    post(first, {})  # Last
    assert page_of(first) == "Untimed"
    assert fresh(first).timeout_at is None


def test_a_deadline_kept_in_participant_vars_spans_pages_and_fires_each_of_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = pair()
    visit(first)
    start = deadline_of(first) - timedelta(seconds=60)
    shift_app_clock(monkeypatch, 61)
    fire_at(start + timedelta(seconds=61))  # Choose times out; the app sets expiry = +161 s
    assert page_of(first) == "Task1"
    assert abs((deadline_of(first) - (start + timedelta(seconds=161))).total_seconds()) < 1

    # Past the expiry: Task1 times out, and Task2, whose deadline is the same expiry, at once.
    shift_app_clock(monkeypatch, 162)
    fire_at(start + timedelta(seconds=162))
    assert timeouts_of(first) == ["Choose", "Task1", "Task2"]
    assert page_of(first) == "Together"
    player = player_of(first)
    assert (player.task1_timed_out, player.task2_timed_out) == (True, True)


def answer_all(participant: Participant) -> None:
    """A participant with a browser answers Choose, Task1 and Task2 (and arrives at Together)."""
    post(participant, {"number": 4, "flag": True, "note": "", "amount": 2, "share": 1,
                       "remark": "x", "level": 4})
    post(participant, {})
    post(participant, {})


def time_out_until_together(monkeypatch: pytest.MonkeyPatch, participant: Participant) -> None:
    """Let the participant's timed pages run out: Choose, then Task1 and Task2 at the expiry."""
    shift_app_clock(monkeypatch, 1000)
    fire_at(later(1000))
    assert page_of(participant) == "Task1"
    shift_app_clock(monkeypatch, 1200)
    fire_at(later(1200))


def test_a_participant_moved_on_by_timeouts_passes_the_wait_page_when_it_opens(
        monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any) -> None:
    absent, present = pair()
    visit(absent)
    time_out_until_together(monkeypatch, absent)
    assert page_of(absent) == "Together"

    visit(present)
    with django_capture_on_commit_callbacks(execute=True):
        answer_all(present)  # arrives last: the barrier opens
    assert page_of(present) == "Last"
    assert deadline_of(absent) <= later(0), "opening the barrier brought the recheck to now"

    # Nobody's browser asks for the absent participant's page: the server moves them on.
    fire_at(later(1))
    assert page_of(absent) == "Last"
    fire_at(deadline_of(absent) + timedelta(seconds=1))
    assert page_of(absent) == "Untimed"
    assert timeouts_of(absent) == ["Choose", "Task1", "Task2", "Last"]
    assert player_of(absent).last_timed_out is True


def test_a_participant_waiting_by_a_timeout_is_looked_at_again_later() -> None:
    absent, _ = pair()
    visit(absent)
    Participant.objects.filter(pk=absent.pk).update(page_index=3)  # at Together, not arrived
    fire_at(later(1000))  # arrives (by the server), the barrier stays closed
    assert page_of(absent) == "Together"
    recheck = deadline_of(absent)
    assert later(1020) < recheck <= later(1031)


def test_the_last_arrival_at_a_wait_page_by_a_timeout_passes_it_at_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    absent, present = pair()
    visit(present)
    answer_all(present)
    assert page_of(present) == "Together"
    visit(absent)
    time_out_until_together(monkeypatch, absent)
    assert page_of(absent) == "Last"


def test_a_deadline_left_on_a_participant_who_no_longer_plays_is_dropped() -> None:
    first, _ = pair()
    visit(first)
    Participant.objects.filter(pk=first.pk).update(status=Participant.Status.FINISHED)
    fire_at(later(100))
    assert fresh(first).timeout_at is None
    assert timeouts_of(first) == []


def test_a_timeout_whose_page_code_raises_is_logged_and_tried_again_later(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    first, second = pair()
    visit(first)
    visit(second)

    original = pages.Choose.before_next_page

    def broken(self: Any) -> None:
        if self.participant.id_in_session == 1:
            raise RuntimeError("the app's bug")
        original(self)

    monkeypatch.setattr(pages.Choose, "before_next_page", broken)
    moment = deadline_of(second) + timedelta(seconds=1)
    firing = fire_at(moment)  # returns: the broken page does not stop the others

    assert firing.fired == 1
    assert (page_of(first), page_of(second)) == ("Choose", "Task1")
    assert player_of(first).choose_timed_out is None, "nothing of the failed timeout is stored"
    assert deadline_of(first) == moment + timedelta(seconds=60)
    assert "timeout of participant" in caplog.text and "the app's bug" in caplog.text
