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
