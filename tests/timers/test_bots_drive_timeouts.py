"""Bots: Submission(Page, data, timeout_happened=True) submits the page as its timeout would;
bots start no page timers of their own."""
from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from participants.models import Participant
from sessions_core.engine.bot_runner import run_bots
from sessions_core.experimenter.bots import Submission
from sessions_core.experimenter.registry import experiment_app
from sessions_core.models import PageVisit, Session
from tests.apps.timers import pages
from tests.apps.timers.tests import PlayerBot

pytestmark = pytest.mark.django_db


def test_bots_time_out_the_pages_they_say_and_answer_the_others() -> None:
    [result] = run_bots("timers", 2)
    assert result.ok, result.error
    session = Session.objects.get(name=result.session_name)
    players = {p.participant.id_in_session: p for p in
               experiment_app("timers").Player.objects.filter(session=session)
               .select_related("participant")}
    timed_out, answered = players[1], players[2]
    assert (timed_out.number, timed_out.note, timed_out.flag) == (7, "typed", False)
    assert (timed_out.choose_timed_out, timed_out.task1_timed_out,
            timed_out.task2_timed_out, timed_out.last_timed_out) == (True, True, True, True)
    assert (answered.number, answered.choose_timed_out, answered.last_timed_out) == \
        (4, False, False)
    hows = PageVisit.objects.filter(session=session, participant_id=timed_out.participant_id)
    assert sorted(hows.filter(how=PageVisit.How.TIMEOUT).values_list("page_name", flat=True)) \
        == ["Choose", "Last", "Task1", "Task2"]


def test_manage_py_bots_plays_the_timeouts_too() -> None:
    out = StringIO()
    call_command("bots", "timers", "2", stdout=out)
    assert "All bot cases passed." in out.getvalue()


def test_a_timeout_on_a_page_without_a_timer_fails_the_bot_and_says_so(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def play_round(self: Any) -> Iterator[Any]:
        yield Submission(pages.Choose, {}, timeout_happened=True)
        yield Submission(pages.Task1, timeout_happened=True)
        yield Submission(pages.Task2, timeout_happened=True)
        yield Submission(pages.Last, timeout_happened=True)
        yield Submission(pages.Untimed, timeout_happened=True)

    monkeypatch.setattr(PlayerBot, "play_round", play_round)
    [result] = run_bots("timers", 2)
    assert not result.ok
    assert "page Untimed with timeout_happened=True, but the page has no timeout" in result.error


def test_bots_start_no_page_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    def play_round(self: Any) -> Iterator[Any]:
        return
        yield  # stops on Choose, a timed page

    monkeypatch.setattr(PlayerBot, "play_round", play_round)
    [result] = run_bots("timers", 2)
    assert result.ok, result.error
    on_choose = Participant.objects.filter(session__name=result.session_name)
    assert [p.page_index for p in on_choose] == [0, 0]
    assert [p.timeout_at for p in on_choose] == [None, None]
