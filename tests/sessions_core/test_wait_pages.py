"""Wait pages are barriers: the hook runs once per group (or once for all groups)."""
from __future__ import annotations

import pytest
from django.test import Client

from participants.models import Participant
from sessions_core.engine.flow import Outcome
from sessions_core.models import Session, WaitArrival, WaitCompletion
from tests.apps.arrival import models as arrival
from tests.apps.flowcheck import models as flowcheck
from tests.conftest import fresh, make_session, page_name, participants_of, post, url_of, visit


@pytest.fixture
def session(db: None) -> Session:
    """flowcheck: two pairs; Intro, Decide (leader), PageHookWait, GroupHookWait, AllGroupsWait."""
    return make_session("flowcheck", 4)


def past_intro(participant: Participant) -> Outcome:
    visit(participant)
    return post(participant, {})


def group(session: Session, number: int, round_number: int = 1) -> flowcheck.Group:
    return flowcheck.Group.objects.get(session=session, round_number=round_number,
                                       id_in_subsession=number)


def test_first_arrival_waits_and_the_hook_has_not_run(session: Session) -> None:
    _leader, follower = participants_of(session)[:2]
    assert page_name(past_intro(follower)) == "PageHookWait"
    assert page_name(visit(follower)) == "PageHookWait"
    assert group(session, 1).page_hook_runs == 0
    assert not WaitCompletion.objects.exists()


def test_page_method_hook_runs_once_when_the_last_member_arrives(session: Session) -> None:
    leader, follower = participants_of(session)[:2]
    past_intro(follower)
    past_intro(leader)
    outcome = post(leader, {"choice": 3})
    # The leader opened PageHookWait and now waits on GroupHookWait for the follower.
    assert page_name(outcome) == "GroupHookWait"
    assert group(session, 1).page_hook_runs == 1
    for _ in range(3):
        visit(follower)
        visit(leader)
    assert group(session, 1).page_hook_runs == 1
    assert group(session, 2).page_hook_runs == 0
    assert WaitCompletion.objects.filter(group_key=1, page_index=2).count() == 1


def test_group_method_hook_named_by_a_string_runs_once(session: Session) -> None:
    leader, follower = participants_of(session)[:2]
    past_intro(follower)
    past_intro(leader)
    post(leader, {"choice": 3})
    assert group(session, 1).group_hook_runs == 0
    assert page_name(visit(follower)) == "AllGroupsWait"  # passed two barriers, the second opened
    assert page_name(visit(leader)) == "AllGroupsWait"
    assert group(session, 1).group_hook_runs == 1
    assert Session.objects.get(pk=session.pk).vars["group_hook_total"] == 1


def test_a_waiting_participant_passes_on_the_next_visit_after_the_barrier_opened(
        session: Session, client: Client) -> None:
    leader, follower = participants_of(session)[:2]
    past_intro(follower)
    past_intro(leader)
    assert page_name(visit(follower)) == "PageHookWait"
    post(leader, {"choice": 3})  # opens PageHookWait while the follower is away
    html = client.get(url_of(follower)).content.decode()
    assert "Please wait" in html
    assert fresh(follower).page_index == 4  # past PageHookWait and GroupHookWait
    assert WaitArrival.objects.filter(participant_id=follower.pk).count() == 3


def test_wait_for_all_groups_waits_for_every_group(session: Session) -> None:
    p1, p2, p3, p4 = participants_of(session)
    for leader, follower in ((p1, p2), (p3, p4)):
        past_intro(follower)
        past_intro(leader)
        post(leader, {"choice": 1})
        visit(follower)
        visit(leader)
    # Group 2's follower is the last to reach AllGroupsWait; they opened it and moved on.
    assert page_name(visit(p4)) == "Answer"
    subsession = flowcheck.Subsession.objects.get(session=session, round_number=1)
    assert subsession.all_groups_hook_runs == 1
    assert [page_name(visit(p)) for p in (p1, p2, p3)] == ["Answer"] * 3
    assert flowcheck.Subsession.objects.get(pk=subsession.pk).all_groups_hook_runs == 1


def test_wait_for_all_groups_stays_closed_while_a_group_is_missing(session: Session) -> None:
    p1, p2, p3, p4 = participants_of(session)
    past_intro(p2)
    past_intro(p1)
    post(p1, {"choice": 1})
    visit(p2)
    visit(p1)
    past_intro(p4)
    assert [page_name(visit(p)) for p in (p1, p2)] == ["AllGroupsWait"] * 2
    subsession = flowcheck.Subsession.objects.get(session=session, round_number=1)
    assert subsession.all_groups_hook_runs == 0
    assert fresh(p3).status == Participant.Status.NEW


def test_the_state_endpoint_reports_the_new_position_once_open(session: Session,
                                                               client: Client) -> None:
    leader, follower = participants_of(session)[:2]
    past_intro(follower)
    past_intro(leader)
    state_url = url_of(follower) + "state/"
    assert client.get(state_url).json() == {"status": "playing", "position": "0-1-2"}
    post(leader, {"choice": 3})
    assert client.get(state_url).json() == {"status": "playing", "position": "0-1-4"}


def test_groups_form_in_order_of_arrival(db: None) -> None:
    p1, p2, p3, p4 = participants_of(make_session("arrival", 4))
    assert page_name(visit(p3)) == "Lobby"
    assert page_name(visit(p1)) == "Matched"  # a pair is complete: p3 and p1
    assert page_name(visit(p3)) == "Matched"
    assert page_name(visit(p2)) == "Lobby"
    assert page_name(visit(p4)) == "Matched"
    assert page_name(visit(p2)) == "Matched"
    pairs = {}
    for player in arrival.Player.objects.filter(session=p1.session).select_related("participant"):
        pairs.setdefault(player.group_id, []).append((player.id_in_group,
                                                      player.participant.id_in_session))
    assert sorted(sorted(members) for members in pairs.values()) == [
        [(1, 2), (2, 4)], [(1, 3), (2, 1)]]
    groups = arrival.Group.objects.filter(session=p1.session)
    assert sorted(g.formed for g in groups) == [1, 1]  # each new group's hook ran once
