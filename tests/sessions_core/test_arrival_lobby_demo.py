"""The bundled arrival_lobby demo: bots play it, and a fourth participant alone in the lobby is
released after the SessionType's lobby_timeout_seconds (120) with the demo's message."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from experiments.arrival_lobby.pages import Lobby
from sessions_core.engine import lobby
from sessions_core.engine.bot_runner import play_session
from sessions_core.models import Session
from tests.conftest import fresh, make_session, page_name, participants_of, url_of, visit


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("people", [3, 9])
def test_bots_play_the_arrival_lobby_demo(people: int) -> None:
    session = make_session("arrival_lobby", people)
    result = play_session(session, 0)
    assert result.ok, result.error
    assert Session.objects.get(pk=session.pk).finished_at is not None


@pytest.mark.django_db
def test_the_fourth_arrival_is_released_after_the_configured_timeout(
        monkeypatch: pytest.MonkeyPatch, client: Client) -> None:
    start = lobby.now()
    moment = [start]
    monkeypatch.setattr(lobby, "now", lambda: moment[0])
    people = participants_of(make_session("arrival_lobby", 4))
    assert [page_name(visit(p)) for p in people] == ["Lobby", "Lobby", "Guess", "Lobby"]
    moment[0] = start + timedelta(seconds=119)
    assert page_name(visit(people[3])) == "Lobby"
    moment[0] = start + timedelta(seconds=120)
    html = client.get(url_of(people[3])).content.decode()
    assert Lobby.lobby_timeout_message in html
    assert fresh(people[3]).released
    assert page_name(visit(people[0])) == "Guess"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("session_type", "people", "left"), [
    ("arrival_lobby", 4, 1), ("arrival_lobby", 8, 2), ("lobby", 6, 2)])
def test_bots_left_alone_in_a_lobby_are_released_by_its_timeout(session_type: str,
                                                                people: int, left: int) -> None:
    """Bots cannot wait for a lobby timeout: when nothing else can move, those alone at a lobby
    with a timeout are released as it would release them, and the play finishes (the bot's
    pages after the lobby are not played)."""
    session = make_session(session_type, people)
    result = play_session(session, 0)
    assert result.ok, result.error
    released = [p for p in participants_of(session) if fresh(p).released]
    assert len(released) == left
    assert Session.objects.get(pk=session.pk).finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_bots_alone_in_a_lobby_without_a_timeout_are_reported_stuck(db: None) -> None:
    result = play_session(make_session("arrival3", 4), 0)
    assert not result.ok
    assert ("wait page Lobby (app arrival3, round 1) groups by arrival time and has too few "
            "arrivals to form a group (waiting there: ") in result.error
