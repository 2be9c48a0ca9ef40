"""Apps in the one-file format: hooks as functions, live pages, arrival-time grouping, a
branch to another app, and a SessionType that mixes both formats; each played by its bots and
by participants' requests (tests/apps/onefile_*)."""
from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from participants.models import Participant
from sessions_core.engine.bot_runner import play_session, run_bots
from sessions_core.engine.visit import participant_live
from sessions_core.errors import FlowError
from sessions_core.models import Session
from tests.apps import onefile_arrival, onefile_hooks, onefile_live, onefile_rounds
from tests.apps.flowskip import models as flowskip
from tests.conftest import (
    fresh,
    make_session,
    page_name,
    participants_of,
    player_of,
    post,
    url_of,
    visit,
)

pytestmark = pytest.mark.django_db


def played(session_type: str, n: int) -> Session:
    results = run_bots(session_type, n)
    assert [r.ok for r in results] == [True], results[0].error
    return Session.objects.get(name=results[0].session_name)


def test_hooks_as_functions_run_once_each() -> None:
    session = played("onefile_hooks", 4)
    assert session.vars["created_rounds"] == [1]  # creating_session(subsession)
    groups = onefile_hooks.Group.objects.filter(session=session).order_by("id_in_subsession")
    assert [(g.total, g.sum_runs) for g in groups] == [(30, 1), (70, 1)]
    assert onefile_hooks.Subsession.objects.get(session=session).rank_runs == 1
    ranks = {p.participant.id_in_session: p.rank
             for p in onefile_hooks.Player.objects.filter(session=session)}
    assert ranks == {1: 1, 2: 2, 3: 3, 4: 4}


def test_a_bot_that_stops_early_is_finished_on_its_page() -> None:
    session = played("onefile_hooks", 4)
    # The bots never yielded Results: their participants stay there, and the play passed.
    for participant in participants_of(session):
        assert participant.status == Participant.Status.PLAYING
        assert page_name(visit(participant)) == "Results"


def test_wait_pages_of_functions_by_request(client: Client) -> None:
    first, second, third, fourth = participants_of(make_session("onefile_hooks", 4))
    for index, participant in enumerate((first, second, third), start=1):
        visit(participant)
        assert page_name(post(participant, {"number": index})) in ("GroupWait", "AllGroupsWait")
    html = client.get(url_of(first)).content.decode()
    assert "Waiting for every group." in html  # the wait page's body_text
    visit(fourth)
    # The fourth opens their group's wait page; the third has yet to arrive at AllGroupsWait.
    assert page_name(post(fourth, {"number": 0})) == "AllGroupsWait"
    assert page_name(visit(third)) == "Results"  # the last arrival; NobodysWait is skipped
    assert page_name(visit(first)) == "Results"
    assert [player_of(p).rank for p in (first, second, third, fourth)] == [2, 3, 4, 1]
    html = client.get(url_of(first)).content.decode()
    assert '<p id="rank">Rank 2 of 3</p>' in html


def test_a_hook_name_that_is_no_function_names_the_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(onefile_hooks.GroupWait, "after_all_players_arrive", "sum_numberz")
    first, second, *_ = participants_of(make_session("onefile_hooks", 4))
    visit(first)
    visit(second)
    post(first, {"number": 1})
    with pytest.raises(FlowError, match="after_all_players_arrive names 'sum_numberz', which is "
                       "not a method of Group nor a function of tests.apps.onefile_hooks"):
        post(second, {"number": 2})


def test_live_methods_as_functions_and_static_methods() -> None:
    session = played("onefile_live", 4)
    groups = onefile_live.Group.objects.filter(session=session)
    assert [g.highest for g in groups] == [8, 8]


def test_live_messages_by_request() -> None:
    first, second = participants_of(make_session("onefile_live", 2))
    visit(first)
    visit(second)
    assert participant_live(pk=first.pk, at="0-1-0", data={"amount": 7}) == {
        0: {"highest": 7, "by": 1}}
    assert participant_live(pk=second.pk, at="0-1-0", data={"amount": 4}) == {
        0: {"highest": 7, "by": 2}}
    post(first, {})
    assert participant_live(pk=first.pk, at="0-1-1", data="hi") == {1: {"echo": "hi", "bid": 7}}


def test_group_by_arrival_time_method_pairs_the_same_colour() -> None:
    session = played("onefile_arrival", 4)
    pairs = sorted(sorted(p.participant.id_in_session for p in group.get_players())
                   for group in onefile_arrival.Group.objects.filter(session=session))
    assert pairs == [[1, 3], [2, 4]]


def test_arrivals_by_request_wait_for_a_partner_of_their_colour() -> None:
    one, two, three, four = participants_of(make_session("onefile_arrival", 4))
    assert page_name(visit(one)) == "Lobby"
    assert page_name(visit(two)) == "Lobby"  # red and blue: no pair yet
    assert page_name(visit(four)) == "Together"  # blue and blue
    assert page_name(visit(two)) == "Together"
    assert page_name(visit(one)) == "Lobby"
    assert page_name(visit(three)) == "Together"
    assert player_of(three).group.color == "red"


def test_one_session_type_mixes_both_formats() -> None:
    session = played("onefile_mixed", 4)
    assert session.app_sequence == ["onefile_branch", "flowskip", "flowend", "onefile_rounds"]
    assert all(p.status == Participant.Status.FINISHED for p in participants_of(session))
    visited = {p.id_in_session: p.vars.get("visited_flowskip", False)
               for p in participants_of(session)}
    assert visited == {1: False, 2: True, 3: False, 4: True}  # app_after_this_page(player, ...)
    assert flowskip.Player.objects.filter(session=session).count() == 4
    assert onefile_rounds.Group.objects.filter(session=session).count() == 4
    # One participant's payoff sums their players of every app, whatever the format.
    for participant in participants_of(session):
        rounds = onefile_rounds.Player.objects.filter(participant=participant)
        assert participant.payoff == sum(p.payoff for p in rounds)


def test_manage_py_bots_runs_them() -> None:
    out = StringIO()
    call_command("bots", "onefile_mixed", "4", "--no-progress", stdout=out)
    assert "onefile_mixed" in out.getvalue()


def test_bots_play_one_file_apps_again_in_a_second_session() -> None:
    session = make_session("onefile_forms", 2)
    assert play_session(session, 0).ok


def test_a_live_method_name_that_is_no_function_names_the_module(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(onefile_live.Auction, "live_method", "live_bidz")
    first, _second = participants_of(make_session("onefile_live", 2))
    visit(first)
    with pytest.raises(FlowError, match=r"Auction.live_method names 'live_bidz', which is not a "
                       r"method of Player \(nor of its Group\) nor a function of "
                       r"tests.apps.onefile_live$"):
        participant_live(pk=first.pk, at="0-1-0", data={"amount": 1})


def test_app_after_this_page_by_request_moves_on_to_an_oTree_3_app() -> None:
    first, second, *_ = participants_of(make_session("onefile_mixed", 4))
    visit(first)
    visit(second)
    assert page_name(post(first, {})) == "End"  # flowend: flowskip skipped (odd participant)
    assert page_name(post(second, {})) == "Skippable"  # flowskip, the next app
    assert fresh(first).app_index == 2


def test_a_subsession_method_group_by_arrival_time_method_wins_over_the_function(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Later oTree 3 apps define it as a Subsession method: the model's own method wins."""
    def first_two(self: onefile_arrival.Subsession, waiting_players: list) -> list | None:
        return waiting_players[:2] if len(waiting_players) >= 2 else None

    monkeypatch.setattr(onefile_arrival.Subsession, "group_by_arrival_time_method", first_two,
                        raising=False)
    one, two, *_ = participants_of(make_session("onefile_arrival", 4))
    assert page_name(visit(one)) == "Lobby"
    assert page_name(visit(two)) == "Together"  # red and blue together: the method's choice
    assert player_of(one).group == player_of(two).group
