"""A group timer: one deadline for the whole group, from the moment the stage starts for it
(its start barrier opening), stored once; when it passes, the server submits the page as a
timeout for every member still on it, once, and those who submitted in time keep their answers
(tests/apps/stages: groups of three, a 60-second group timer on Trade)."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from participants.models import Participant
from sessions_core.engine.timers import bring_forward
from sessions_core.engine.visit import participant_visit
from sessions_core.lifecycle.deadlines import session_pause_timers, session_resume_timers
from sessions_core.models import GroupStage
from tests.conftest import (
    fresh,
    make_session,
    page_name,
    participants_of,
    player_of,
    post,
    visit,
)
from tests.timers.helpers import deadline_of, fire_at, later, page_of, timeouts_of

# Deadlines of members the server moved are brought forward after the commit: real commits.
pytestmark = pytest.mark.django_db(transaction=True)


def at_the_stage(arrive: int = 3) -> list[Participant]:
    """A group of three on Intro; the first `arrive` of them go on to Trade's start barrier."""
    people = participants_of(make_session("stages", 3))
    for p in people:
        visit(p)
    for p in people[:arrive]:
        post(p, {})
    return people


def test_the_group_deadline_starts_when_the_last_member_arrives_and_is_stored_once() -> None:
    people = at_the_stage(arrive=2)
    assert [fresh(p).timeout_at for p in people] == [None] * 3, "no timer before the stage"
    before = later(0)
    post(people[2], {})
    [stage] = GroupStage.objects.all()
    assert stage.deadline is not None
    assert before + timedelta(seconds=60) <= stage.deadline <= later(60)
    for p in people:
        visit(p)
    assert {deadline_of(p) for p in people} == {stage.deadline}, "one instant for everyone"


def test_the_countdown_shows_the_group_deadline() -> None:
    people = at_the_stage()
    visit(people[0])
    [stage] = GroupStage.objects.all()
    assert stage.deadline is not None
    html = participant_visit(pk=people[0].pk).html
    shown = float(re.search(r'data-remaining="([0-9.]+)"', html).group(1))  # type: ignore[union-attr]
    left = (stage.deadline - later(0)).total_seconds()
    assert left - 2 <= shown <= left + 0.5


def test_the_group_timer_wraps_up_everyone_still_on_the_page_and_keeps_the_answers_given() -> None:
    people = at_the_stage()
    for p in people:
        visit(p)
    first, second, third = people
    post(first, {"answer": 5})
    deadline = deadline_of(second)

    assert fire_at(deadline - timedelta(seconds=1)).fired == 0
    assert page_of(second) == "Trade"

    firing = fire_at(deadline + timedelta(seconds=1))

    assert firing.fired >= 2
    assert [page_of(p) for p in (second, third)] == ["Results"] * 2
    # The one who submitted waits at the end barrier, which has opened: their page moves on.
    assert page_name(visit(first)) == "Results"
    assert (player_of(first).answer, player_of(first).timed_out) == (5, False)
    for p in (second, third):
        assert (player_of(p).answer, player_of(p).timed_out) == (0, True)
        assert timeouts_of(p) == ["Trade"]
    assert timeouts_of(first) == []
    assert fire_at(deadline + timedelta(seconds=2)).fired == 0, "never twice"
    assert [timeouts_of(p) for p in people] == [[], ["Trade"], ["Trade"]]


def test_members_whose_browsers_never_came_back_from_the_start_barrier_are_wrapped_up() -> None:
    people = at_the_stage()  # the first two wait at the barrier and never ask again
    deadline = GroupStage.objects.get().deadline
    assert deadline is not None
    assert [fresh(p).timeout_at for p in people[:2]] == [deadline, deadline]

    fire_at(deadline + timedelta(seconds=1))

    assert [page_of(p) for p in people] == ["Results"] * 3
    assert [player_of(p).timed_out for p in people] == [True] * 3


def test_a_member_who_lands_after_the_group_timer_ran_out_times_out_at_once() -> None:
    people = at_the_stage()
    deadline = GroupStage.objects.get().deadline
    assert deadline is not None
    # The first member's browser returns only after the deadline (the scheduler has not run).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sessions_core.engine.timers.now", lambda: deadline + timedelta(seconds=5))
        visit(people[0])
    assert deadline_of(people[0]) == deadline
    fire_at(deadline + timedelta(seconds=6))
    assert player_of(people[0]).timed_out is True


def test_a_paused_group_timer_keeps_its_time_and_a_late_member_gets_the_same_deadline() -> None:
    people = at_the_stage()
    first, second, _third = people
    visit(first)
    deadline = deadline_of(first)
    session = fresh(first).session
    paused_at = deadline - timedelta(seconds=40)
    session_pause_timers(session=session, now=paused_at)
    assert fire_at(deadline + timedelta(seconds=1)).fired == 0
    resumed_at = paused_at + timedelta(seconds=100)
    session_resume_timers(session=fresh(first).session, now=resumed_at)

    assert deadline_of(first) == deadline + timedelta(seconds=100)
    visit(second)  # lands only after the resume
    assert deadline_of(second) == deadline + timedelta(seconds=100)


def test_members_left_at_the_barrier_of_a_stage_started_while_paused_time_out_after_resume(
) -> None:
    people = at_the_stage(arrive=2)
    session = fresh(people[0]).session
    paused_at = later(0)
    session_pause_timers(session=session, now=paused_at)
    post(people[2], {})  # the stage starts while paused: it keeps its whole minute
    assert [fresh(p).timeout_remaining for p in people[:2]] == [timedelta(seconds=60)] * 2
    resumed_at = paused_at + timedelta(seconds=300)
    session_resume_timers(session=fresh(people[0]).session, now=resumed_at)
    assert fire_at(resumed_at + timedelta(seconds=59)).fired == 0

    fire_at(resumed_at + timedelta(seconds=61))

    assert [page_of(p) for p in people] == ["Results"] * 3
    assert [player_of(p).timed_out for p in people] == [True] * 3


def test_a_page_timer_shorter_than_the_group_timer_ends_the_page_first() -> None:
    people = at_the_stage()
    first = fresh(people[0])
    stage_deadline = GroupStage.objects.get().deadline
    assert stage_deadline is not None
    earlier = stage_deadline - timedelta(seconds=30)
    first.timeout_at = earlier
    bring_forward(first, stage_deadline)
    assert first.timeout_at == earlier, "the group deadline never postpones a page's own"
    first.timeout_at = None
    bring_forward(first, stage_deadline)
    assert first.timeout_at == stage_deadline
