"""The lab manager's messages and reloads reach participants' open pages at once, over the
socket every page holds (a page's and a wait page's): through the service, the REST API and the
monitor's forms, each checked for bad input and permissions."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.contrib.messages import get_messages
from django.urls import reverse
from rest_framework.test import APIClient

from config.asgi import application
from participants.models import Participant
from sessions_core.engine import messages as pushes
from sessions_core.errors import InvalidRequest
from sessions_core.models import Session
from tests.api.conftest import API
from tests.conftest import make_session, participants_of, visit
from tests.permissions import admin_client, staff_with, token_client

pytestmark = pytest.mark.django_db(transaction=True)
CHANGE_PARTICIPANT = "participants.change_participant"


@pytest.fixture(autouse=True)
def empty_channel_layer() -> Iterator[None]:
    async_to_sync(get_channel_layer().flush)()
    yield
    async_to_sync(get_channel_layer().flush)()


@pytest.fixture
def trust() -> Session:
    """A trust session: the trustor on a page, the trustee on a wait page."""
    session = make_session("trust", 2)
    for participant in participants_of(session):
        visit(participant)
    return session


def socket_of(participant: Participant, *, page: bool) -> WebsocketCommunicator:
    query = "?on=page&at=0-1-0" if page else ""
    return WebsocketCommunicator(application,
                                 f"/ws/p/{participant.session.name}/{participant.name}/{query}",
                                 headers=[(b"origin", b"http://testserver")])


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    async_to_sync(scenario)()


def expect_pushes(session: Session, send: Callable[[], object],
                  expected: dict[int, dict | None]) -> None:
    """Open the trustor's page socket and the trustee's wait-page socket (and one of another
    session), run send, and check what each receives (None: nothing)."""
    trustor, trustee = participants_of(session)
    stranger = participants_of(make_session("trust", 2))[0]
    visit(stranger)

    async def scenario() -> None:
        sockets = {trustor.pk: socket_of(trustor, page=True),
                   trustee.pk: socket_of(trustee, page=False),
                   stranger.pk: socket_of(stranger, page=True)}
        for socket in sockets.values():
            assert (await socket.connect())[0]
            assert (await socket.receive_json_from())["type"] == "state"
        await database_sync_to_async(send)()
        for pid, socket in sockets.items():
            if expected.get(pid) is None:
                assert await socket.receive_nothing(), pid
            else:
                assert await socket.receive_json_from() == expected[pid]
            await socket.disconnect()

    run(scenario)


def test_a_message_to_everyone_reaches_every_open_page_of_the_session(trust: Session) -> None:
    trustor, trustee = participants_of(trust)
    shown = {"type": "message", "text": "Five minutes left."}
    outcome: list = []
    expect_pushes(trust, lambda: outcome.append(pushes.participants_message(
        session=trust, text="  Five minutes left. ")), {trustor.pk: shown, trustee.pk: shown})
    assert outcome == [pushes.Pushed(participants=2, sent=True)]


def test_a_message_to_one_participant_and_a_reload_reach_that_page_only(trust: Session) -> None:
    trustor, trustee = participants_of(trust)
    expect_pushes(trust, lambda: pushes.participants_message(
        session=trust, text="Please decide.", participant_codes=[trustee.name]),
        {trustee.pk: {"type": "message", "text": "Please decide."}})
    expect_pushes(trust, lambda: pushes.participant_reload(participant=trustor),
                  {trustor.pk: {"type": "reload"}})


@pytest.mark.parametrize(("text", "codes", "detail"), [
    ("   ", None, "write the message to send"),
    ("x" * 1001, None, "a message may have up to 1000 characters (this one has 1001)"),
    ("hi", ["nobody"], "no participant 'nobody' in session {s}"),
    ("hi", [], "name at least one participant, or none for everyone"),
])
def test_a_bad_message_is_refused_and_nothing_is_shown(trust: Session, text: str,
                                                      codes: list | None, detail: str) -> None:
    def send() -> None:
        with pytest.raises(InvalidRequest) as refused:
            pushes.participants_message(session=trust, text=text, participant_codes=codes)
        assert str(refused.value) == detail.format(s=trust.name)

    expect_pushes(trust, send, {})


def test_a_push_the_channel_layer_refuses_is_reported_not_raised(
        trust: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(*args: object) -> None:
        raise ConnectionError("redis is down")

    monkeypatch.setattr(pushes, "notify_message", unreachable)
    assert pushes.participants_message(session=trust, text="hi") == pushes.Pushed(2, sent=False)


def test_the_rest_api_sends_messages_and_reloads(trust: Session) -> None:
    trustor, trustee = participants_of(trust)
    script = token_client(staff_with(CHANGE_PARTICIPANT))
    answers: list = []

    def send() -> None:
        answers.append(script.post(f"{API}/sessions/{trust.name}/messages/",
                                   {"text": "Hello", "participants": [trustor.name]},
                                   format="json"))
        answers.append(script.post(f"{API}/sessions/{trust.name}/participants/{trustee.name}/"
                                   f"reload/"))

    expect_pushes(trust, send, {trustor.pk: {"type": "message", "text": "Hello"},
                                trustee.pk: {"type": "reload"}})
    assert [(a.status_code, a.json()) for a in answers] == [
        (200, {"participants": 1, "sent": True}), (200, {"participants": 1, "sent": True})]
    refused = script.post(f"{API}/sessions/{trust.name}/messages/", {"text": "hi",
                          "participants": ["nobody"]}, format="json")
    assert (refused.status_code, refused.json()) == (400, {
        "detail": f"no participant 'nobody' in session {trust.name}", "field": "participants"})
    too_long = script.post(f"{API}/sessions/{trust.name}/messages/", {"text": "x" * 1001},
                           format="json")
    assert (too_long.status_code, too_long.json()) == (400, {
        "detail": "text: Ensure this field has no more than 1000 characters.", "field": "text"})
    without = token_client(staff_with("participants.view_participant"))
    assert without.post(f"{API}/sessions/{trust.name}/messages/", {"text": "hi"},
                        format="json").status_code == 403
    assert APIClient().post(f"{API}/sessions/{trust.name}/messages/").status_code == 401


def test_the_monitors_forms_send_and_say_so(trust: Session) -> None:
    trustor, trustee = participants_of(trust)
    manager = admin_client(staff_with(CHANGE_PARTICIPANT, "sessions_core.view_session"))
    monitor = reverse("admin:sessions_core_session_monitor", args=[trust.pk])
    page = manager.get(monitor).content.decode()
    assert 'id="monitor-message-form"' in page and 'id="monitor-reload-form"' in page
    said: list[str] = []

    def send() -> None:
        for name, data in (("message", {"text": "Break is over", "participant": ""}),
                           ("reload", {"participant": trustee.name})):
            response = manager.post(reverse(f"admin:sessions_core_session_monitor_{name}",
                                            args=[trust.pk]), data)
            assert response.status_code == 302 and response["Location"] == monitor
            said.append(str(list(get_messages(response.wsgi_request))[-1]))

    shown = {"type": "message", "text": "Break is over"}
    expect_pushes(trust, send, {trustor.pk: shown, trustee.pk: shown})
    assert said == ["Message sent to the open pages of all 2 participants.",
                    f"The page of participant {trustee.name} reloads now (if it is open)."]


def test_the_monitors_forms_need_the_permission_and_refuse_bad_input(trust: Session) -> None:
    viewer = admin_client(staff_with("sessions_core.view_session"))
    url = reverse("admin:sessions_core_session_monitor_message", args=[trust.pk])
    assert viewer.post(url, {"text": "hi"}).status_code == 403
    manager = admin_client(staff_with(CHANGE_PARTICIPANT, "sessions_core.view_session"))
    assert manager.get(url).status_code == 405
    response = manager.post(url, {"text": ""})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The message was not sent: write the message to send."]
    reload = manager.post(reverse("admin:sessions_core_session_monitor_reload", args=[trust.pk]),
                          {"participant": "nobody"})
    assert [str(m) for m in get_messages(reload.wsgi_request)][-1:] == [
        "No page was reloaded: no participant 'nobody' in this session."]
