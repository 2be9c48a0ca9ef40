"""The page shows a countdown by the server's clock; the browser's "time is up" post is a
timeout only when the server's deadline has passed."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client

from participants.models import Participant
from sessions_core.engine.forms import SYSTEM_FIELD
from sessions_core.engine.rendering import clock
from sessions_core.engine.timers import TIMEOUT_FIELD
from sessions_core.lifecycle.deadlines import session_pause_timers
from tests.conftest import fresh, make_session, participants_of, player_of, url_of
from tests.timers.helpers import deadline_of, page_of, timeouts_of

pytestmark = pytest.mark.django_db


def remaining_on(html: str) -> float:
    found = re.search(r'id="quorum-timer"[^>]*data-remaining="([0-9.]+)"', html)
    assert found, "the page has no countdown"
    return float(found.group(1))


def test_a_timed_page_shows_the_seconds_left_by_the_servers_clock() -> None:
    first, _ = participants_of(make_session("timers", 2))
    html = Client().get(url_of(first)).content.decode()
    assert 59 <= remaining_on(html) <= 60
    assert "quorum/timer.js" in html
    Participant.objects.filter(pk=first.pk).update(
        timeout_at=deadline_of(first) - timedelta(seconds=45))
    html = Client().get(url_of(first)).content.decode()
    assert 14 <= remaining_on(html) <= 15
    # The first reading is in the HTML, as timer.js shows it (before it runs, or without it).
    assert re.search(r'<strong class="quorum-timer-left">0:1[45]</strong>', html)


@pytest.mark.parametrize(("seconds", "shown"), [(0, "0:00"), (-3, "0:00"), (0.2, "0:01"),
                                                (59.001, "1:00"), (60, "1:00"), (125.5, "2:06")])
def test_a_countdown_reads_minutes_and_seconds_rounded_up(seconds: float, shown: str) -> None:
    assert clock(seconds) == shown


def test_an_early_time_is_up_post_changes_nothing_and_shows_the_time_left() -> None:
    first, _ = participants_of(make_session("timers", 2))
    client = Client()
    client.get(url_of(first))
    token = fresh(first).position_token
    response = client.post(url_of(first), {SYSTEM_FIELD: token, TIMEOUT_FIELD: "1",
                                           "number": 2})
    assert page_of(first) == "Choose"
    assert timeouts_of(first) == []
    assert player_of(first).number is None
    assert 58 <= remaining_on(response.content.decode()) <= 60
    assert b"errorlist" not in response.content


def test_a_time_is_up_post_after_the_deadline_keeps_the_valid_answers_typed() -> None:
    first, _ = participants_of(make_session("timers", 2))
    client = Client()
    client.get(url_of(first))
    Participant.objects.filter(pk=first.pk).update(
        timeout_at=deadline_of(first) - timedelta(seconds=61))
    token = fresh(first).position_token
    client.post(url_of(first), {SYSTEM_FIELD: token, TIMEOUT_FIELD: "1", "number": 2,
                                "note": "typed", "level": 99, "flag": "True"})
    assert page_of(first) == "Task1"
    assert timeouts_of(first) == ["Choose"]
    p = player_of(first)
    # timeout_submission wins; a valid typed value is kept; an invalid one gets the default.
    assert (p.number, p.note, p.level, p.flag, p.choose_timed_out) == (7, "typed", 3, True, True)


def test_the_timer_state_answers_without_changing_anything() -> None:
    first, _ = participants_of(make_session("timers", 2))
    Client().get(url_of(first))
    state = Client().get(url_of(first) + "timer/").json()
    assert state["status"] == "playing" and state["position"] == fresh(first).position_token
    assert 58 <= state["remaining"] <= 60 and state["paused"] is False
    assert Client().get(f"/p/{first.session.name}/nobody00/timer/").status_code == 404


def test_a_paused_timer_shows_its_time_left_standing_still() -> None:
    first, _ = participants_of(make_session("timers", 2))
    Client().get(url_of(first))
    session_pause_timers(session=first.session)
    html = Client().get(url_of(first)).content.decode()
    assert 'data-paused="1"' in html and "Timer paused:" in html
    assert 58 <= remaining_on(html) <= 60
    state = Client().get(url_of(first) + "timer/").json()
    assert state["paused"] is True and 58 <= state["remaining"] <= 60
    # A "time is up" post from a page that missed the pause changes nothing.
    client = Client()
    client.post(url_of(first), {SYSTEM_FIELD: fresh(first).position_token, TIMEOUT_FIELD: "1"})
    assert page_of(first) == "Choose" and timeouts_of(first) == []
