"""The quorum (engine/quorum.py): the first arrivals of a session with min_participants wait in
a lobby that shows how many are present; the arrival that reaches the minimum starts all of
them at once, exactly once; later arrivals go straight on; a lobby timeout releases those
waiting with the show-up pay and a message. The lobby's clock is replaced (no sleeping)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from participants.models import Participant
from sessions_core.admin.monitor import session_monitor
from sessions_core.engine import lobby
from sessions_core.engine.bot_runner import run_bots
from sessions_core.engine.quorum import session_quorum_text
from sessions_core.engine.visit import participant_peek
from sessions_core.errors import SessionError
from sessions_core.lifecycle.deadlines import deadlines_fire_due
from sessions_core.lifecycle.payoffs import session_compute_payments
from sessions_core.lifecycle.services import session_create, session_demo_size
from sessions_core.models import Session
from tests.conftest import fresh, make_session, page_name, participants_of, url_of, visit

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


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


def started(session: Session) -> list[Participant]:
    return list(session.participant_set.filter(started_at__isnull=False)
                .order_by("id_in_session"))


def test_the_first_arrivals_wait_and_see_the_count(client: Client) -> None:
    session = make_session("quorum3", 4)
    first, second, _, _ = participants_of(session)
    waiting = visit(first).quorum_lobby
    assert waiting is not None and (waiting.present, waiting.needed) == (1, 3)
    html = client.get(url_of(second)).content.decode()
    assert 'id="quorum-present">2</strong> of <strong id="quorum-needed">3</strong>' in html
    assert 'data-status="new"' in html and "?quorum=1" in html
    # Coming back (a reload) counts them once.
    waiting = visit(first).quorum_lobby
    assert waiting is not None and waiting.present == 2
    assert started(session) == []
    assert fresh(first).status == Participant.Status.NEW
    assert fresh(first).quorum_arrived_at is not None
    assert fresh(first).session.quorum_reached_at is None
    # The waiting page's ping and poll: not started, and the count.
    assert participant_peek(first.pk) == {"status": "new", "position": "0-1-0", "open": False,
                                          "quorum": {"present": 2, "needed": 3}}
    state = client.get(f"{url_of(first)}state/").json()
    assert state["status"] == "new"


def test_the_arrival_that_reaches_the_quorum_starts_everyone_waiting_once() -> None:
    session = make_session("quorum3", 5)
    a, b, c, d, e = participants_of(session)
    visit(a)
    visit(b)
    assert page_name(visit(c)) == "First"
    now = {p.pk: fresh(p) for p in (a, b, c)}
    assert all(p.status == Participant.Status.PLAYING for p in now.values())
    assert all(p.vars["started_by_new_player"] == 1 for p in now.values())
    reached = fresh(a).session.quorum_reached_at
    assert reached is not None
    # Those who waited are on their first page without asking again.
    assert now[a.pk].started_at is not None and now[a.pk].position_token == "0-1-0"
    assert [p.pk for p in started(session)] == [a.pk, b.pk, c.pk]
    # Later arrivals go straight on (the quorum is a minimum, not a cap); it is not reached
    # again and nobody is started twice.
    assert page_name(visit(d)) == "First"
    assert page_name(visit(a)) == "First"
    assert fresh(d).quorum_arrived_at is None
    assert fresh(a).session.quorum_reached_at == reached
    assert fresh(a).vars["started_by_new_player"] == 1
    assert len(started(session)) == 4
    assert fresh(e).status == Participant.Status.NEW


def test_a_session_without_a_quorum_starts_each_arrival_at_once() -> None:
    session = make_session("quorum_none", 2)
    first = participants_of(session)[0]
    assert page_name(visit(first)) == "First"
    assert fresh(first).quorum_arrived_at is None


def test_the_lobby_timeout_releases_with_the_show_up_pay_and_the_message(
        clock: Clock, client: Client) -> None:
    session = make_session("quorum3_timeout", 3)
    first, second, third = participants_of(session)
    visit(first)
    clock.at(30)
    waiting = visit(second).quorum_lobby
    assert waiting is not None and waiting.present == 2 and waiting.release_in == 60
    html = client.get(url_of(first)).content.decode()
    assert 'id="lobby-countdown"' in html
    # The deadline is the release time: the scheduler releases the first with no page open.
    assert fresh(first).timeout_at == START + timedelta(seconds=60)
    clock.at(60)
    deadlines_fire_due(now=clock.now)
    gone = fresh(first)
    assert gone.status == Participant.Status.FINISHED and gone.released
    assert gone.started_at is None and gone.released_at == START + timedelta(seconds=60)
    # No longer present: the third arrival makes 2, not the quorum.
    waiting = visit(third).quorum_lobby
    assert waiting is not None and waiting.present == 2
    assert fresh(second).status == Participant.Status.NEW
    html = client.get(url_of(first)).content.decode()
    assert "Too few people came today." in html
    assert "€4.00" in html
    session_compute_payments(session_id=session.pk)
    assert fresh(first).payment == 400


def test_one_whose_time_ran_out_is_not_counted_before_the_scheduler_releases_them(
        clock: Clock) -> None:
    session = make_session("quorum3_timeout", 4)
    a, b, c, d = participants_of(session)
    visit(a)
    clock.at(50)
    visit(b)
    clock.at(61)  # a's time ran out; nobody released them yet
    waiting = visit(c).quorum_lobby
    assert waiting is not None and waiting.present == 2
    # a's own next request releases them; it does not start them.
    assert visit(a).page is None and fresh(a).released
    assert page_name(visit(d)) == "First"
    assert {p.pk for p in started(session)} == {b.pk, c.pk, d.pk}
    assert fresh(a).started_at is None


def test_a_released_participant_never_starts_when_the_quorum_comes_later(clock: Clock) -> None:
    session = make_session("quorum3_timeout", 5)
    a, b, c, d, _ = participants_of(session)
    visit(a)
    clock.at(61)
    visit(b)
    visit(c)
    assert page_name(visit(d)) == "First"  # b, c, d: the quorum
    assert visit(a).page is None
    assert fresh(a).released and fresh(a).started_at is None


def test_the_monitor_and_admin_show_the_quorum(clock: Clock) -> None:
    session = make_session("quorum3_timeout", 3)
    a, b, c = participants_of(session)
    assert session_quorum_text(session) == "waiting: 0 of 3 present (each waits at most 60 s)"
    visit(a)
    visit(b)
    snapshot = session_monitor(session=session)
    assert snapshot.quorum == "waiting: 2 of 3 present (each waits at most 60 s)"
    assert [row.position for row in snapshot.rows] == ["quorum lobby", "quorum lobby",
                                                      "not started"]
    visit(c)
    assert session_monitor(session=session).as_json()["quorum"] == (
        "reached at 2026-03-02 09:00:00 UTC (3 of 3)")
    assert session_quorum_text(make_session("quorum_none", 1)) == "none"


def test_sessions_too_small_for_the_quorum_are_refused() -> None:
    with pytest.raises(SessionError) as error:
        session_create(session_type_name="quorum3", num_participants=2)
    assert str(error.value) == (
        "number of participants (2) is smaller than the quorum of SessionType 'quorum3' "
        "(min_participants=3): the session could never start")
    assert not Session.objects.exists()
    # A demo session is made large enough to reach it.
    assert session_demo_size(session_type_name="quorum3") == 3
    # A growing session (a room's) gains its slots as people come.
    assert session_create(session_type_name="quorum3", num_participants=0,
                          growing=True).min_participants == 3


def test_a_room_quorum_replaces_the_session_types() -> None:
    session = session_create(session_type_name="quorum_none", num_participants=0, growing=True,
                             min_participants=2)
    assert session.min_participants == 2 and session.quorum_timeout_seconds is None
    with pytest.raises(SessionError) as error:
        session_create(session_type_name="trust", num_participants=0, growing=True,
                       min_participants=3)
    assert str(error.value) == ("min_participants=3 does not start whole groups: SessionType "
                                "'trust' forms groups of 2, so the quorum must be a multiple of 2")


def test_bots_play_a_session_with_a_quorum() -> None:
    results = run_bots("quorum3", 3)
    assert [r.error for r in results] == [None]
    session = Session.objects.get(name=results[0].session_name)
    assert session.quorum_reached_at is not None
    # Each bot answered the first page (its bot stops before the last page).
    assert [(p.status, p.page_index) for p in participants_of(session)] == [("playing", 1)] * 3


def test_the_quorum_start_assigns_each_participant_a_condition_as_their_start_does() -> None:
    session = make_session("quorum3_conditions", 3)
    a, b, c = participants_of(session)
    visit(a)
    visit(b)
    assert fresh(a).condition is None  # waiting in the lobby: not started, no condition yet
    visit(c)
    colors = sorted(fresh(p).condition["color"] for p in (a, b, c))
    assert colors == ["blue", "green", "red"]  # balanced: one each


def test_the_session_wide_link_leads_to_the_lobby_too() -> None:
    session = make_session("quorum3", 3)
    browsers = [Client() for _ in range(3)]
    links = []
    for browser in browsers:
        response = browser.post(f"/join/{session.name}/")
        assert response.status_code == 302
        links.append(response["Location"])
    first = browsers[0].get(links[0]).content.decode()
    assert 'id="quorum-present">1</strong>' in first
    assert 'id="quorum-present">2</strong>' in browsers[1].get(links[1]).content.decode()
    assert "First page" in browsers[2].get(links[2]).content.decode()
    # The first browser's lobby has moved on: its next load is the first page.
    assert "First page" in browsers[0].get(links[0]).content.decode()


def test_the_admin_session_page_and_monitor_show_the_quorum(admin_client: Client) -> None:
    session = make_session("quorum3", 3)
    visit(participants_of(session)[0])
    page = admin_client.get(f"/admin/sessions_core/session/{session.pk}/change/")
    assert page.status_code == 200
    assert "waiting: 1 of 3 present" in page.content.decode()
    monitor = admin_client.get(reverse("admin:sessions_core_session_monitor",
                                       args=[session.pk])).content.decode()
    assert '<strong id="monitor-quorum">waiting: 1 of 3 present</strong>' in monitor
    assert "quorum lobby" in monitor
