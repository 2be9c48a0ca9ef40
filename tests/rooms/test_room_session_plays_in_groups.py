"""A room's session grows one participant at a time; a two-player game (trust) filled through the
room lets both players play, and its wait page opens only when the group is full."""
from __future__ import annotations

from django.test import Client

from experiments.trust.models import Player as TrustPlayer
from sessions_core.models import Session
from tests.conftest import page_name, player_of, post, url_of, visit
from tests.rooms.conftest import join, joined_participant, make_room, stored


def test_trust_pair_filled_one_by_one_through_the_room(db: None) -> None:
    room = make_room(open=True, config="trust")
    first = joined_participant(join(Client(), room))

    # The first player starts alone: the session initializes with one slot.
    assert page_name(visit(first)) == "Send"
    assert Session.objects.get(pk=first.session_id).initialized
    assert page_name(post(first, {"sent_amount": 40})) == "SendBackWaitPage"
    assert page_name(visit(first)) == "SendBackWaitPage"  # half a group: still waiting

    # The second arrival joins the initialized session and fills the first group.
    second = joined_participant(join(Client(), room))
    assert second.session_id == first.session_id and second.id_in_session == 2
    assert player_of(second).group_id == player_of(first).group_id
    assert player_of(second).id_in_group == 2

    assert page_name(visit(second)) == "SendBack"  # the wait page has opened
    assert page_name(visit(first)) == "ResultsWaitPage"
    assert page_name(post(second, {"sent_back_amount": 60})) == "Results"
    assert page_name(visit(first)) == "Results"
    assert player_of(first).payoff == 100 - 40 + 60
    assert player_of(second).payoff == 40 * 3 - 60


def test_participant_page_works_over_http_after_joining(db: None) -> None:
    room = make_room(open=True, config="trust")
    browser = Client()
    participant = joined_participant(join(browser, room))
    response = browser.get(url_of(participant))
    assert response.status_code == 200
    assert "How much do you want to send to participant B?" in response.content.decode()


def test_a_third_arrival_starts_a_second_group(db: None) -> None:
    room = make_room(open=True, config="trust")
    arrivals = [joined_participant(join(Client(), room)) for _ in range(2)]
    visit(arrivals[0])
    third = joined_participant(join(Client(), room))
    visit(third)
    groups = {player_of(p).group.id_in_subsession for p in arrivals}
    assert groups == {1} and player_of(third).group.id_in_subsession == 2
    assert player_of(third).id_in_group == 1
    assert TrustPlayer.objects.filter(session_id=stored(room).session_id).count() == 3


def test_a_lone_player_in_a_new_group_waits_for_a_partner(db: None) -> None:
    room = make_room(open=True, config="trust")
    pair = [joined_participant(join(Client(), room)) for _ in range(2)]
    visit(pair[0])
    third = joined_participant(join(Client(), room))
    assert page_name(visit(third)) == "Send"
    assert page_name(post(third, {"sent_amount": 10})) == "SendBackWaitPage"
    assert page_name(visit(third)) == "SendBackWaitPage"
    fourth = joined_participant(join(Client(), room))
    assert page_name(visit(fourth)) == "SendBack"
    assert page_name(visit(third)) == "ResultsWaitPage"
