"""The lab manager's controls: pausing a session's timers keeps each one's time left, and
paused deadlines do not fire; advancing moves a participant on as a timeout would."""
from __future__ import annotations

from datetime import timedelta

import pytest

from participants.models import Participant
from sessions_core.engine.timeouts import (
    participant_advance,
    session_advance_slowest,
)
from sessions_core.errors import Conflict
from sessions_core.lifecycle.deadlines import session_pause_timers, session_resume_timers
from sessions_core.models import Session
from tests.conftest import fresh, make_session, participants_of, player_of, post, visit
from tests.timers.helpers import deadline_of, fire_at, page_of, timeouts_of

pytestmark = pytest.mark.django_db


def test_a_paused_timer_keeps_its_time_left_and_does_not_fire() -> None:
    session = make_session("timers", 2)
    first, second = participants_of(session)
    visit(first)
    start = deadline_of(first) - timedelta(seconds=60)

    paused = session_pause_timers(session=session, now=start + timedelta(seconds=20))
    assert (paused.paused, paused.changed) == (True, 1)
    stored = fresh(first)
    assert stored.timeout_at is None
    assert abs(stored.timeout_remaining.total_seconds() - 40) < 0.01

    assert fire_at(start + timedelta(hours=1)).fired == 0
    assert page_of(first) == "Choose"

    visit(second)  # a page reached while paused starts paused, with its whole time
    assert fresh(second).timeout_at is None
    assert fresh(second).timeout_remaining == timedelta(seconds=60)

    resumed_at = start + timedelta(hours=2)
    resumed = session_resume_timers(session=session, now=resumed_at)
    assert (resumed.paused, resumed.changed) == (False, 2)
    assert abs((deadline_of(first) - (resumed_at + timedelta(seconds=40))).total_seconds()) < 0.01
    assert deadline_of(second) == resumed_at + timedelta(seconds=60)
    assert fire_at(resumed_at + timedelta(seconds=39)).fired == 0
    assert fire_at(resumed_at + timedelta(seconds=41)).fired == 1
    assert (page_of(first), page_of(second)) == ("Task1", "Choose")


def test_pausing_twice_or_resuming_running_timers_is_refused_and_changes_nothing() -> None:
    session = make_session("timers", 2)
    first, _ = participants_of(session)
    visit(first)
    deadline = deadline_of(first)
    with pytest.raises(Conflict, match="not paused"):
        session_resume_timers(session=session)
    assert deadline_of(first) == deadline
    session_pause_timers(session=session)
    remaining = fresh(first).timeout_remaining
    with pytest.raises(Conflict, match="paused already"):
        session_pause_timers(session=session)
    assert fresh(first).timeout_remaining == remaining


def test_a_timer_that_started_as_the_pause_came_keeps_its_time_left_then() -> None:
    session = make_session("timers", 2)
    first, _ = participants_of(session)
    visit(first)
    start = deadline_of(first) - timedelta(seconds=60)
    # As if the page had landed in a request that read the session just before the pause.
    Session.objects.filter(pk=session.pk).update(timers_paused_at=start + timedelta(seconds=15))
    Participant.objects.filter(pk=first.pk).update(timeout_at=start + timedelta(seconds=60),
                                                  timeout_remaining=None)
    assert fire_at(start + timedelta(seconds=61)).fired == 0
    assert page_of(first) == "Choose"
    assert fresh(first).timeout_remaining == timedelta(seconds=45)


def test_advancing_a_participant_submits_their_page_as_a_timeout() -> None:
    session = make_session("timers", 2)
    first, _ = participants_of(session)
    visit(first)
    done = participant_advance(participant=fresh(first))
    assert done.moved
    assert page_of(first) == "Task1"
    assert timeouts_of(first) == ["Choose"]
    assert (player_of(first).number, player_of(first).choose_timed_out) == (7, True)


def test_a_participant_who_has_not_started_or_waits_for_others_cannot_be_advanced() -> None:
    session = make_session("timers", 2)
    first, second = participants_of(session)
    with pytest.raises(Conflict, match="not started"):
        participant_advance(participant=fresh(first))
    visit(first)
    for _ in range(3):
        participant_advance(participant=fresh(first))
    assert page_of(first) == "Together"
    with pytest.raises(Conflict, match="waits for others"):
        participant_advance(participant=fresh(first))
    assert page_of(first) == "Together"


def test_advance_slowest_moves_only_those_at_the_earliest_position() -> None:
    session = make_session("timers", 4)
    people = participants_of(session)
    for p in people:
        visit(p)
    post(people[2], {"number": 4, "flag": True, "note": "", "amount": 2, "share": 1,
                     "remark": "x", "level": 4})
    done = session_advance_slowest(session=session)
    assert sorted(d.participant_id for d in done if d.moved) == \
        sorted(p.pk for p in (people[0], people[1], people[3]))
    assert [page_of(p) for p in people] == ["Task1"] * 4
    assert timeouts_of(people[2]) == []


def test_advance_slowest_with_nobody_playing_is_refused() -> None:
    session = make_session("timers", 2)
    with pytest.raises(Conflict, match="nobody is playing"):
        session_advance_slowest(session=session)
