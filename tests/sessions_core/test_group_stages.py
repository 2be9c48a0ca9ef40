"""Group stages: a page the group starts together (nobody sees it before every member has
reached it) and ends together (nobody goes past it before every member has submitted it), and
its group_play run once per group when the stage starts (tests/apps/stages: groups of three)."""
from __future__ import annotations

from typing import Any

import pytest

from participants.models import Participant
from sessions_core.engine.bot_runner import run_bots
from sessions_core.engine.positions import participant_position_name
from sessions_core.errors import FlowError
from sessions_core.experimenter.pages import Page
from sessions_core.experimenter.stages import call_group_play, group_timeout, with_stage_barriers
from sessions_core.models import GroupStage, PageVisit, Session
from tests.conftest import fresh, make_session, page_name, participants_of, player_of, post, visit

pytestmark = pytest.mark.django_db


def trio() -> list[Participant]:
    people = participants_of(make_session("stages", 3))
    for p in people:
        visit(p)
    return people


def group_of(participant: Participant) -> Any:
    return player_of(participant).group


def test_the_first_arrivals_wait_until_the_last_member_arrives() -> None:
    first, second, third = trio()
    assert page_name(post(first, {})) == "Trade_start_together"
    assert page_name(post(second, {})) == "Trade_start_together"
    # Asking again changes nothing: the page is not shown before everyone is here.
    assert page_name(visit(first)) == "Trade_start_together"
    assert page_name(post(third, {})) == "Trade", "the last arrival goes straight on"
    assert page_name(visit(first)) == "Trade"
    assert page_name(visit(second)) == "Trade"


def test_group_play_runs_once_when_the_last_member_arrives() -> None:
    first, second, third = trio()
    post(first, {})
    post(second, {})
    assert group_of(first).plays == 0, "the stage has not started before everyone is here"
    assert not GroupStage.objects.exists()
    post(third, {})
    for p in (first, second, third):
        visit(p)
    assert group_of(first).plays == 1
    assert GroupStage.objects.count() == 1


def test_nobody_goes_past_the_page_before_every_member_has_submitted_it() -> None:
    people = trio()
    for p in people:
        post(p, {})
    for p in people:
        visit(p)
    first, second, third = people
    assert page_name(post(first, {"answer": 1})) == "Trade_end_together"
    assert page_name(post(second, {"answer": 2})) == "Trade_end_together"
    assert page_name(visit(first)) == "Trade_end_together"
    assert player_of(first).answer == 1, "the answer is stored at the submission"
    assert page_name(post(third, {"answer": 3})) == "Results"
    assert page_name(visit(first)) == "Results"
    assert page_name(visit(second)) == "Results"


def test_each_group_has_its_own_stage() -> None:
    people = participants_of(make_session("stages", 6))
    for p in people:
        visit(p)
        post(p, {})
    assert [page_name(visit(p)) for p in people] == ["Trade"] * 6
    assert GroupStage.objects.count() == 2
    assert [group_of(p).plays for p in people] == [1] * 6


def test_the_barriers_are_named_in_positions_and_page_times() -> None:
    first, second, third = trio()
    post(first, {})
    assert participant_position_name(fresh(first)) == "stages, round 1, Trade_start_together"
    post(second, {})
    post(third, {})
    visit(first)
    names = list(PageVisit.objects.filter(participant_id=first.pk).order_by("id")
                 .values_list("page_name", "how"))
    assert names == [("Intro", "submitted"), ("Trade_start_together", "passed")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", [3, 6, 30])
def test_bots_play_a_group_stage_with_a_member_timed_out(size: int) -> None:
    [result] = run_bots("stages", size)
    assert result.ok, result.error
    session = Session.objects.get(name=result.session_name)
    assert all(p.status == Participant.Status.FINISHED for p in participants_of(session))
    assert GroupStage.objects.filter(session=session).count() == size // 3


def test_the_sequence_has_a_barrier_before_and_after_a_stage_page_only() -> None:
    class Plain(Page):
        pass

    class Start(Page):
        start_together = True

    class Both(Page):
        start_together = True
        end_together = True

    names = [page.__name__ for page in with_stage_barriers([Plain, Start, Both])]
    assert names == ["Plain", "Start_start_together", "Start", "Both_start_together", "Both",
                     "Both_end_together"]


class _Group:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def opened(self) -> None:
        self.calls.append("method")


def _page(cls: type[Page]) -> Page:
    return cls.__new__(cls)


def test_group_play_may_be_a_group_method_a_page_method_or_a_function_of_the_group() -> None:
    class ByName(Page):
        group_play = "opened"

    class ByPageMethod(Page):
        def group_play(self) -> None:
            self.seen = "page"

    class ByFunction(Page):
        @staticmethod
        def group_play(group: Any) -> None:
            group.calls.append("function")

    group = _Group()
    call_group_play(_page(ByName), group)  # type: ignore[arg-type]
    page = _page(ByPageMethod)
    call_group_play(page, group)  # type: ignore[arg-type]
    call_group_play(_page(ByFunction), group)  # type: ignore[arg-type]
    assert group.calls == ["method", "function"] and page.seen == "page"  # type: ignore[attr-defined]

    class Misnamed(Page):
        group_play = "no_such_method"

    with pytest.raises(FlowError, match="group_play of Misnamed names 'no_such_method'"):
        call_group_play(_page(Misnamed), group)  # type: ignore[arg-type]


def test_the_group_timer_may_be_computed_from_the_group_and_must_be_a_number() -> None:
    class FromGroup(Page):
        @staticmethod
        def get_group_timeout_seconds(group: Any) -> float:
            return group.seconds

    class Text(Page):
        group_timeout_seconds = "60"  # type: ignore[assignment]

    group: Any = type("G", (), {"seconds": 42})()
    assert group_timeout(_page(FromGroup), group) == 42.0
    with pytest.raises(FlowError, match="get_group_timeout_seconds of Text returned '60'"):
        group_timeout(_page(Text), group)
