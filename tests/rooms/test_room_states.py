"""A room is waiting while it is closed or has no config, and accepting when open with a config."""
from __future__ import annotations

import pytest
from django.test import Client

from rooms.models import Room
from tests.rooms.conftest import join, make_room, nothing_created


@pytest.mark.parametrize("settings", [
    {"open": False, "config": "trust"},
    {"open": True, "config": ""},
    {"open": False, "config": ""},
])
def test_room_is_waiting_when_closed_or_without_config(db: None, settings: dict) -> None:
    room = make_room(**settings)
    assert room.state == Room.State.WAITING and not room.is_accepting


def test_room_is_accepting_when_open_with_a_config(db: None) -> None:
    room = make_room(open=True, config="trust")
    assert room.state == Room.State.ACCEPTING and room.is_accepting


@pytest.mark.parametrize("settings", [
    {"open": False, "config": "trust"},
    {"open": True, "config": ""},
])
def test_waiting_room_shows_please_wait_with_a_socket(db: None, visitor: Client,
                                                      settings: dict) -> None:
    room = make_room(**settings)
    page = visitor.get(f"/room/{room.name}/").content.decode()
    assert "Please wait" in page
    assert 'id="room-wait"' in page and f'data-room="{room.name}"' in page
    assert "quorum/room.js" in page  # the script that holds the room socket


@pytest.mark.parametrize("settings", [
    {"open": False, "config": "trust"},
    {"open": True, "config": ""},
])
def test_joining_a_waiting_room_shows_please_wait_and_creates_nothing(
        db: None, visitor: Client, settings: dict) -> None:
    room = make_room(**settings)
    response = join(visitor, room)
    assert response.status_code == 200
    assert "Please wait" in response.content.decode()
    assert nothing_created()


def test_accepting_room_page_submits_the_join_form_at_once(db: None, visitor: Client) -> None:
    room = make_room(open=True, config="trust")
    page = visitor.get(f"/room/{room.name}/").content.decode()
    assert 'data-accepting="1"' in page and 'id="room-join"' in page
    assert "Please wait" not in page


def test_room_state_is_readable_for_the_slow_poll(db: None, visitor: Client) -> None:
    waiting = make_room(config="trust")
    accepting = make_room(open=True, config="trust")
    assert visitor.get(f"/room/{waiting.name}/state/").json() == {
        "state": "waiting", "accepting": False}
    assert visitor.get(f"/room/{accepting.name}/state/").json() == {
        "state": "accepting", "accepting": True}
    assert visitor.get("/room/no-such-room/state/").status_code == 404
