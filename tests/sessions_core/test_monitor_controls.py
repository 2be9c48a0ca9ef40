"""The monitor's live controls: each button posts to a view that calls one service and comes
back to the monitor saying what it did; without the permission it is not shown and a post is
refused, changing nothing."""
from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from participants.models import Participant
from sessions_core.models import Session
from tests.conftest import fresh, make_session, participants_of, visit
from tests.permissions import admin_client, staff_with

VIEW, CHANGE = "sessions_core.view_session", "sessions_core.change_session"
ADVANCE = "participants.change_participant"


@pytest.fixture
def session(db: None) -> Session:
    session = make_session("timers", 2)
    for p in participants_of(session):
        visit(p)
    return session


def monitor(session: Session) -> str:
    return f"/admin/sessions_core/session/{session.pk}/monitor/"


def said(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def test_the_buttons_are_shown_to_whom_may_use_them(session: Session) -> None:
    full = admin_client(staff_with(VIEW, CHANGE, ADVANCE)).get(monitor(session)).content.decode()
    for element in ('id="monitor-advance-slowest"', 'id="monitor-advance-one"',
                    'id="monitor-timers"', "Pause timers"):
        assert element in full
    viewer = admin_client(staff_with(VIEW)).get(monitor(session)).content.decode()
    assert 'id="monitor-advance-slowest"' not in viewer and 'id="monitor-timers"' not in viewer


def test_advance_slowest_then_one_then_pause_and_resume(session: Session) -> None:
    manager = admin_client(staff_with(VIEW, CHANGE, ADVANCE))
    first, second = participants_of(session)
    response = manager.post(monitor(session) + "advance-slowest/", follow=True)
    assert response.redirect_chain[-1][0] == monitor(session)
    assert said(response) == ["Advanced 2 participant(s) by one page: P1, P2."]

    response = manager.post(monitor(session) + "advance/", {"participant": "2"}, follow=True)
    assert said(response) == ["Advanced P2 by one page: is now at 0-1-2."]
    assert (fresh(first).page_index, fresh(second).page_index) == (1, 2)

    response = manager.post(monitor(session) + "timers/", {"action": "pause"}, follow=True)
    assert said(response) == ["Paused the page timers (2 running)."]
    assert "Resume timers" in response.content.decode()
    assert Session.objects.get(pk=session.pk).timers_paused_at is not None
    response = manager.post(monitor(session) + "timers/", {"action": "resume"}, follow=True)
    assert said(response) == ["Resumed the page timers (2 paused)."]
    assert Session.objects.get(pk=session.pk).timers_paused_at is None


def test_a_refused_control_says_why_and_changes_nothing(session: Session) -> None:
    manager = admin_client(staff_with(VIEW, CHANGE, ADVANCE))
    response = manager.post(monitor(session) + "timers/", {"action": "resume"}, follow=True)
    assert said(response) == [f"the timers of session {session.name} are not paused"]
    response = manager.post(monitor(session) + "advance/", {"participant": "9"}, follow=True)
    assert said(response) == ["No participant number '9' in this session: choose one from the "
                              "list."]
    response = manager.post(monitor(session) + "timers/", {"action": "stop"}, follow=True)
    assert "Unknown timer action" in said(response)[0]
    assert [p.page_index for p in participants_of(session)] == [0, 0]


def test_without_the_permission_a_post_is_refused(session: Session) -> None:
    viewer: Client = admin_client(staff_with(VIEW))
    before = list(Participant.objects.values_list("page_index", "timeout_at"))
    assert viewer.post(monitor(session) + "advance-slowest/").status_code == 403
    assert viewer.post(monitor(session) + "advance/", {"participant": "1"}).status_code == 403
    assert viewer.post(monitor(session) + "timers/", {"action": "pause"}).status_code == 403
    assert list(Participant.objects.values_list("page_index", "timeout_at")) == before
    assert Session.objects.get(pk=session.pk).timers_paused_at is None


def test_a_get_is_not_an_action(session: Session) -> None:
    manager = admin_client(staff_with(VIEW, CHANGE, ADVANCE))
    assert manager.get(monitor(session) + "advance-slowest/").status_code == 405
