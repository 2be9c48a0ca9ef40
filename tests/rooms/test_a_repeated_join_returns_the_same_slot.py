"""A browser that joins a room again (a retry after an error, a double submit, the back button)
gets the slot it was given, not another one: the room remembers it in a signed cookie, for the
room's current session only. A label still leads to the label's own slot."""
from __future__ import annotations

import pytest
from django.test import Client

from participants.models import Participant
from rooms.services import room_disassociate, room_set_open
from tests.rooms.conftest import join, joined_participant, make_room

pytestmark = pytest.mark.django_db


def test_the_same_browser_joining_twice_gets_its_slot_back() -> None:
    room = make_room(config="trust", open=True)
    browser = Client()
    first = joined_participant(join(browser, room))
    assert joined_participant(join(browser, room)) == first
    assert Participant.objects.count() == 1


def test_another_browser_gets_another_slot() -> None:
    room = make_room(config="trust", open=True)
    first = joined_participant(join(Client(), room))
    assert joined_participant(join(Client(), room)) != first


def test_a_returning_browser_gets_its_slot_in_a_full_or_closed_room() -> None:
    room = make_room(config="trust", open=True, capacity=1)
    browser = Client()
    mine = joined_participant(join(browser, room))
    assert join(Client(), room).status_code == 423  # full
    assert joined_participant(join(browser, room)) == mine
    room_set_open(room_name=room.name, open=False)
    assert joined_participant(join(browser, room)) == mine


def test_a_label_leads_to_its_own_slot_not_the_browsers() -> None:
    room = make_room(config="trust", open=True)
    browser = Client()
    unlabelled = joined_participant(join(browser, room))
    labelled = joined_participant(join(browser, room, label="seat-07"))
    assert labelled != unlabelled and labelled.label == "seat-07"
    assert joined_participant(join(browser, room, label="seat-07")) == labelled


def test_after_the_room_gets_a_new_session_the_browser_gets_a_new_slot() -> None:
    room = make_room(config="trust", open=True)
    browser = Client()
    old = joined_participant(join(browser, room))
    room_disassociate(room_name=room.name)
    room_set_open(room_name=room.name, open=True)
    new = joined_participant(join(browser, room))
    assert new.session_id != old.session_id
