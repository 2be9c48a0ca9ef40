"""A lobby timeout on an arrival-time wait page: a participant who waits longer than it without
being grouped is released, with a message and the session's fixed pay only, by the waiting
page's next request or by the deadline scheduler; the time is the lobby's clock, which these
tests move (no sleeping)."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from participants.models import Participant
from sessions_core.admin.monitor import session_monitor
from sessions_core.data.exports import export_stream
from sessions_core.engine import lobby
from sessions_core.engine.positions import participant_position_name
from sessions_core.engine.visit import participant_peek
from sessions_core.errors import FlowError
from sessions_core.experimenter.pages import WaitPage
from sessions_core.lifecycle.deadlines import (
    deadlines_fire_due,
    session_pause_timers,
    session_resume_timers,
)
from sessions_core.lifecycle.payoffs import session_compute_payments, session_payments
from sessions_core.models import PageVisit, Session, WaitArrival
from tests.apps.lobby import models as lobby_app
from tests.conftest import fresh, make_session, page_name, participants_of, post, url_of, visit
from tests.data.conftest import csv_rows

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def at(self, seconds: float) -> None:
        self.now = START + timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(lobby, "now", clock)
    return clock


def to_lobby(participant: Participant) -> str | None:
    visit(participant)
    return page_name(post(participant, {}))


def released(participant: Participant) -> bool:
    return fresh(participant).released_at is not None


@pytest.mark.django_db
def test_a_participant_alone_past_the_timeout_is_released_with_the_show_up_pay(
        clock: Clock, client: Client) -> None:
    session = make_session("lobby", 4)
    alone = participants_of(session)[0]
    assert to_lobby(alone) == "Lobby"
    clock.at(59.9)
    assert page_name(visit(alone)) == "Lobby"
    assert not released(alone)
    clock.at(60)
    assert visit(alone).page is None
    now = fresh(alone)
    assert now.status == Participant.Status.FINISHED and now.released
    assert now.released_at == now.finished_at == START + timedelta(seconds=60)
    assert now.position_token == "0-1-1"  # they finished at the lobby, which the data show
    html = client.get(url_of(alone)).content.decode()
    assert WaitPage.lobby_timeout_message in html
    # Paid the fixed pay (500 = 5.00) and nothing for the 30 points earned before the lobby.
    assert lobby_app.Player.objects.get(participant=alone).payoff == 30
    assert re.search(r'<strong id="payment">[^<]*5\.00</strong>', html)
    assert str(now.payoff_plus_participation_fee()).endswith("5.00")
    session_compute_payments(session_id=session.pk)
    assert fresh(alone).payment == 500
    row = session_payments(session=session).rows[0]
    assert (row.fixed_units, row.variable_units) == (500, 0)


@pytest.mark.django_db
def test_the_waiting_pages_ping_says_move_on_once_due_and_the_poll_releases(
        clock: Clock, client: Client) -> None:
    alone = participants_of(make_session("lobby", 4))[0]
    to_lobby(alone)
    clock.at(30)
    assert participant_peek(alone.pk)["open"] is False
    clock.at(61)
    assert participant_peek(alone.pk)["open"] is True  # the page reloads ...
    assert not released(alone)  # ... and the ping itself changed nothing
    state = client.get(url_of(alone) + "state/").json()
    assert state["status"] == "finished"
    assert released(alone)


@pytest.mark.django_db
def test_a_participant_past_the_timeout_is_never_grouped_even_before_being_released(
        clock: Clock) -> None:
    p1, p2, p3, p4, p5 = participants_of(make_session("lobby", 5))
    to_lobby(p1)
    clock.at(60)  # p1 is due, but their page has not asked yet (closed, or between pings)
    for p in (p2, p3, p4):
        assert to_lobby(p) == "Lobby"  # three wait with p1: no group of four
    assert page_name(visit(p1)) is None and released(p1)
    assert to_lobby(p5) == "Matched"
    group = lobby_app.Player.objects.get(participant=p5).group
    members = set(lobby_app.Player.objects.filter(group=group).values_list("participant_id",
                                                                           flat=True))
    assert members == {p2.pk, p3.pk, p4.pk, p5.pk}
    assert not WaitArrival.objects.filter(participant_id=p1.pk).exists()


@pytest.mark.django_db
def test_a_participant_grouped_before_the_timeout_is_not_released(clock: Clock) -> None:
    people = participants_of(make_session("lobby", 4))
    to_lobby(people[0])
    clock.at(59)
    for p in people[1:]:
        to_lobby(p)
    clock.at(600)
    assert page_name(visit(people[0])) == "Matched"
    assert not any(released(p) for p in people)


@pytest.mark.django_db
def test_each_arrival_has_its_own_timeout(clock: Clock) -> None:
    p1, p2 = participants_of(make_session("lobby", 4))[:2]
    to_lobby(p1)
    clock.at(40)
    to_lobby(p2)
    clock.at(60)
    assert page_name(visit(p1)) is None and page_name(visit(p2)) == "Lobby"
    clock.at(100)
    assert page_name(visit(p2)) is None and released(p2)


@pytest.mark.django_db
def test_the_session_config_sets_the_timeout_and_the_message(clock: Clock,
                                                            client: Client) -> None:
    alone = participants_of(make_session("lobby_configured", 4))[0]
    to_lobby(alone)
    clock.at(5)
    html = client.get(url_of(alone)).content.decode()
    assert "Sorry, nobody else came." in html
    assert re.search(r'<strong id="payment">[^<]*3\.00</strong>', html)


@pytest.mark.django_db
def test_a_released_panel_participant_is_sent_to_the_completion_url(clock: Clock,
                                                                    client: Client) -> None:
    alone = participants_of(make_session("lobby_panel", 4))[0]
    to_lobby(alone)
    clock.at(60)
    html = client.get(url_of(alone)).content.decode()
    assert 'id="released"' in html
    assert ('<meta http-equiv="refresh" content="5;url=https://panel.example/complete?cc=SHOWUP">'
            in html)
    assert 'id="completion-link" href="https://panel.example/complete?cc=SHOWUP"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("seconds", [0, -5, "soon", True])
def test_a_lobby_timeout_that_is_not_a_positive_number_stops_the_arrival(
        clock: Clock, seconds: object) -> None:
    session = make_session("lobby", 4)
    Session.objects.filter(pk=session.pk).update(
        config={**session.config, "lobby_timeout_seconds": seconds})
    alone = participants_of(session)[0]
    visit(alone)
    with pytest.raises(FlowError, match=f"the lobby timeout of Lobby must be a number of "
                                        f"seconds above 0 .* not {re.escape(repr(seconds))}"):
        post(alone, {})
    assert fresh(alone).position_token == "0-1-0"
    assert not WaitArrival.objects.filter(participant_id=alone.pk).exists()


@pytest.mark.django_db
def test_the_waiting_page_shows_the_time_left(clock: Clock, client: Client) -> None:
    alone = participants_of(make_session("lobby", 4))[0]
    to_lobby(alone)
    clock.at(17.5)
    html = client.get(url_of(alone)).content.decode()
    assert 'id="lobby-countdown" data-seconds="42.500"' in html
    assert '<strong id="lobby-countdown-time">0:43</strong>' in html  # before lobby.js runs
    assert "/static/quorum/lobby.js" in html


@pytest.mark.django_db
def test_a_wait_page_without_a_lobby_timeout_has_no_countdown(client: Client) -> None:
    first = participants_of(make_session("arrival", 2))[0]
    html = client.get(url_of(first)).content.decode()
    assert 'id="quorum-wait"' in html and "lobby-countdown" not in html


@pytest.mark.django_db
def test_the_release_is_in_the_data_admin_and_monitor(clock: Clock) -> None:
    session = make_session("lobby", 4)
    alone, other = participants_of(session)[:2]
    to_lobby(alone)
    to_lobby(other)
    clock.at(70)
    visit(alone)
    visit(other)
    _, rows = csv_rows(b"".join(export_stream(sessions=[session], format="wide_csv").chunks))
    by_code = {row["participant.code"]: row for row in rows}
    assert by_code[alone.name]["participant.released"] == "1"
    assert by_code[alone.name]["participant.released_at"] == fresh(alone).released_at.isoformat()
    assert by_code[alone.name]["participant.status"] == "finished"
    assert by_code[participants_of(session)[2].name]["participant.released"] == "0"
    visits = PageVisit.objects.filter(participant_id=alone.pk)
    assert [(v.page_name, v.how) for v in visits] == [("Intro", "submitted"),
                                                      ("Lobby", "released")]
    assert participant_position_name(fresh(alone)) == \
        "released (lobby timeout) at lobby, round 1, Lobby"
    rows_now = {row.participant_id: row for row in session_monitor(session=session).rows}
    assert rows_now[alone.pk].position == "released (lobby timeout) at lobby, round 1, Lobby"
    assert rows_now[alone.pk].status == "finished"


@pytest.mark.django_db
def test_with_no_page_open_the_deadline_scheduler_releases_on_time(clock: Clock) -> None:
    session = make_session("lobby", 4)
    alone = participants_of(session)[0]
    to_lobby(alone)
    # The release time is the participant's deadline, which the scheduler fires.
    assert fresh(alone).timeout_at == START + timedelta(seconds=60)
    assert deadlines_fire_due(now=START + timedelta(seconds=59)).fired == 0
    assert not released(alone)
    clock.at(60)
    assert deadlines_fire_due(now=START + timedelta(seconds=60)).fired == 1
    now = fresh(alone)
    assert now.released and now.timeout_at is None
    assert deadlines_fire_due(now=START + timedelta(seconds=600)).fired == 0


@pytest.mark.django_db
def test_a_grouped_participants_release_deadline_goes_when_they_move_on(clock: Clock) -> None:
    people = participants_of(make_session("lobby", 4))
    for p in people:
        to_lobby(p)
    visit(people[0])
    assert fresh(people[0]).timeout_at is None
    clock.at(60)
    deadlines_fire_due(now=START + timedelta(seconds=60))
    assert not any(released(p) for p in people)
    assert {page_name(visit(p)) for p in people} == {"Matched"}


@pytest.mark.django_db
def test_the_admin_lists_the_released_with_their_position_and_a_filter(
        clock: Clock, admin_client: Client) -> None:
    session = make_session("lobby", 4)
    alone, other = participants_of(session)[:2]
    to_lobby(alone)
    clock.at(60)
    visit(alone)
    released_only = admin_client.get("/admin/participants/participant/?released_at__isempty=0")
    html = released_only.content.decode()
    assert "released (lobby timeout) at lobby, round 1, Lobby" in html
    assert alone.name in html and other.name not in html
    change = admin_client.get(f"/admin/participants/participant/{alone.pk}/change/")
    assert "Released at" in change.content.decode()


@pytest.mark.django_db
def test_the_rest_api_says_when_a_participant_was_released(clock: Clock) -> None:
    session = make_session("lobby", 4)
    alone, other = participants_of(session)[:2]
    to_lobby(alone)
    clock.at(60)
    visit(alone)
    api = APIClient()
    api.force_authenticate(User.objects.create_superuser("lab", "lab@example.org", "pw"))
    found = api.get(f"/admin/api/v1/sessions/{session.name}/participants/").json()["results"]
    by_name = {p["name"]: p for p in found}
    assert by_name[alone.name]["status"] == "finished"
    assert by_name[alone.name]["released_at"] == "2026-03-02T09:01:00Z"
    assert by_name[other.name]["released_at"] is None


@pytest.mark.django_db
def test_paused_timers_hold_the_schedulers_release_but_not_an_open_pages(clock: Clock) -> None:
    session = make_session("lobby", 4)
    early, late = participants_of(session)[:2]
    to_lobby(early)
    session_pause_timers(session=session, now=START + timedelta(seconds=10))
    clock.at(20)
    to_lobby(late)  # reached while paused: its release waits for the resume too
    assert fresh(late).timeout_at is None
    assert fresh(late).timeout_remaining == timedelta(seconds=60)
    clock.at(90)
    assert deadlines_fire_due(now=START + timedelta(seconds=90)).fired == 0
    assert not released(early)
    assert page_name(visit(early)) is None and released(early)  # the page asked: released
    session_resume_timers(session=session, now=START + timedelta(seconds=100))
    assert fresh(late).timeout_at == START + timedelta(seconds=160)
    clock.at(160)
    assert deadlines_fire_due(now=START + timedelta(seconds=160)).fired == 1
    assert released(late)
