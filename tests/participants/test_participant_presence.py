"""Participants have presence like a room's waiting visitors: every page's socket makes its
participant online in the session's scope (labelled with the participant's id); closing it makes
them offline and leaves their last-seen time. The page's heartbeat touches no database; every
participant page (not only wait pages) includes the script that holds the socket."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.test import Client

import sessions_core.web.presence
from participants.models import Participant
from sessions_core.web.presence import PRESENCE_TTL, participant_presence
from tests.conftest import make_session, participants_of, post, url_of, visit
from tests.participants.test_participant_socket import socket_of
from tests.querylog import logged_queries

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """The presence store's time, moved by hand (no sleeping)."""
    now = SimpleNamespace(value=2_000_000.0)
    monkeypatch.setattr(sessions_core.web.presence, "time", SimpleNamespace(time=lambda: now.value))
    return now


def online_ids(participant: Participant, now: float | None = None) -> set[str]:
    visitors = participant_presence().online(participant.session.name, now=now)
    return {v.label for v in visitors if v.label is not None}


def page_socket(participant: Participant) -> WebsocketCommunicator:
    """The socket as a page that is not a wait page opens it (presence.js)."""
    socket = socket_of(participant)
    socket.scope["query_string"] = b"on=page"
    return socket


def test_an_open_page_makes_its_participant_online_and_closing_it_offline(
        clock: SimpleNamespace) -> None:
    first, second = participants_of(make_session("trust", 2))
    visit(first)

    async def scenario() -> None:
        socket = page_socket(first)
        assert (await socket.connect())[0]
        await socket.receive_json_from()
        assert online_ids(first) == {str(first.pk)}
        clock.value += 5
        await socket.disconnect()

    async_to_sync(scenario)()
    assert online_ids(first) == set()
    assert participant_presence().last_seen(first.session.name) == {str(first.pk): clock.value}
    assert str(second.pk) not in participant_presence().last_seen(first.session.name)


def test_a_second_tab_keeps_the_participant_online_when_the_first_closes() -> None:
    first = participants_of(make_session("trust", 2))[0]
    visit(first)

    async def scenario() -> None:
        tab, other_tab = page_socket(first), page_socket(first)
        for socket in (tab, other_tab):
            assert (await socket.connect())[0]
            await socket.receive_json_from()
        await tab.disconnect()
        assert online_ids(first) == {str(first.pk)}
        await other_tab.disconnect()
        assert online_ids(first) == set()

    async_to_sync(scenario)()


def test_heartbeats_keep_a_participant_online_and_their_stop_makes_them_offline(
        clock: SimpleNamespace) -> None:
    first = participants_of(make_session("trust", 2))[0]
    visit(first)
    start = clock.value

    async def scenario() -> None:
        socket = page_socket(first)
        assert (await socket.connect())[0]
        await socket.receive_json_from()
        clock.value = start + 20
        await socket.send_json_to({"type": "heartbeat"})
        assert await socket.receive_json_from() == {"type": "heartbeat"}
        assert online_ids(first, start + PRESENCE_TTL + 10) == {str(first.pk)}
        assert online_ids(first, start + 20 + PRESENCE_TTL + 1) == set()
        await socket.disconnect()

    async_to_sync(scenario)()


def test_a_wait_pages_ping_touches_presence_too(clock: SimpleNamespace) -> None:
    first, second = participants_of(make_session("trust", 2))
    visit(first)
    visit(second)  # waits for the trustor
    start = clock.value

    async def scenario() -> None:
        socket = socket_of(second)
        assert (await socket.connect())[0]
        await socket.receive_json_from()
        clock.value = start + 25
        await socket.send_json_to({"type": "ping"})
        assert (await socket.receive_json_from())["type"] == "state"
        assert online_ids(second, start + PRESENCE_TTL + 10) == {str(second.pk)}
        await socket.disconnect()

    async_to_sync(scenario)()


def test_a_heartbeat_runs_no_query() -> None:
    first = participants_of(make_session("trust", 2))[0]
    visit(first)

    async def scenario() -> None:
        socket = page_socket(first)
        assert (await socket.connect())[0]
        await socket.receive_json_from()
        async with logged_queries() as log:
            await socket.send_json_to({"type": "heartbeat"})
            assert await socket.receive_json_from() == {"type": "heartbeat"}
        await socket.disconnect()
        assert log.queries == []

    async_to_sync(scenario)()


def test_a_page_socket_connects_with_plain_reads_only() -> None:
    """A page that is not a wait page has no wait page to pass: its connect takes no lock."""
    first = participants_of(make_session("trust", 2))[0]
    visit(first)

    async def scenario() -> None:
        socket = page_socket(first)
        async with logged_queries() as log:
            assert (await socket.connect())[0]
            state = await socket.receive_json_from()
        assert state == {"type": "state", "status": "playing", "position": "0-1-0",
                         "open": False}
        await socket.disconnect()
        assert log.locking == [] and log.in_transactions == []
        assert all(q.sql.lstrip().upper().startswith("SELECT") for q in log.queries)

    async_to_sync(scenario)()


def test_form_pages_and_the_last_page_include_the_presence_script() -> None:
    first, second = participants_of(make_session("trust", 2))
    browser = Client()
    socket = f'data-socket="/ws{url_of(first)}"'
    page = browser.get(url_of(first)).content.decode()
    assert 'id="quorum-presence"' in page and socket in page
    post(first, {"sent_amount": 10})
    visit(second)
    post(second, {"sent_back_amount": 0})
    while Participant.objects.get(pk=first.pk).status != Participant.Status.FINISHED:
        post(first, {})
    finished = browser.get(url_of(first)).content.decode()
    assert 'id="finished"' in finished and socket in finished


def test_pages_that_are_not_a_participants_carry_no_presence_script() -> None:
    assert 'id="quorum-presence"' not in Client().get("/room/nowhere/").content.decode()
