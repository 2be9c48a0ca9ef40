"""The participant socket /ws/p/<session>/<participant>/: state on connect, advance pushes."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from config.asgi import application
from participants.models import Participant
from tests.conftest import make_session, participants_of, post, visit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def empty_channel_layer() -> Iterator[None]:
    async_to_sync(get_channel_layer().flush)()
    yield
    async_to_sync(get_channel_layer().flush)()


def socket_of(participant: Participant, *, session_name: str | None = None,
              origin: bytes | None = b"http://testserver") -> WebsocketCommunicator:
    path = f"/ws/p/{session_name or participant.session.name}/{participant.name}/"
    headers = [(b"origin", origin)] if origin else []
    return WebsocketCommunicator(application, path, headers=headers)


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    async_to_sync(scenario)()


def state(position: str, status: str = "playing", is_open: bool = False) -> dict[str, Any]:
    return {"type": "state", "status": status, "position": position, "open": is_open}


def test_connecting_sends_the_current_state() -> None:
    first = participants_of(make_session("trust", 2))[0]
    visit(first)

    async def scenario() -> None:
        socket = socket_of(first)
        assert (await socket.connect())[0]
        assert await socket.receive_json_from() == state("0-1-0")
        await socket.disconnect()

    run(scenario)


def test_a_socket_never_starts_a_participant() -> None:
    first = participants_of(make_session("trust", 2))[0]

    async def scenario() -> None:
        socket = socket_of(first)
        assert (await socket.connect())[0]
        assert await socket.receive_json_from() == state("0-1-0", status="new")
        await socket.send_json_to({"type": "ping"})
        assert await socket.receive_json_from() == state("0-1-0", status="new")
        await socket.disconnect()

    run(scenario)
    stored = Participant.objects.select_related("session").get(pk=first.pk)
    assert stored.status == Participant.Status.NEW and stored.started_at is None
    assert not stored.session.initialized


def test_a_ping_says_when_the_wait_page_has_opened() -> None:
    first, second = participants_of(make_session("trust", 2))
    visit(first)
    visit(second)  # waits for the trustor

    async def scenario() -> None:
        waiting = socket_of(second)
        assert (await waiting.connect())[0]
        assert await waiting.receive_json_from() == state("0-1-1")
        await waiting.send_json_to({"type": "ping"})
        assert await waiting.receive_json_from() == state("0-1-1")
        await database_sync_to_async(post)(first, {"sent_amount": 40})
        assert await waiting.receive_json_from() == {"type": "advance"}
        # Had that push been lost, the next ping would say so: the page reloads on "open".
        await waiting.send_json_to({"type": "ping"})
        assert await waiting.receive_json_from() == state("0-1-1", is_open=True)
        await waiting.disconnect()

    run(scenario)


def test_a_waiting_participant_is_told_to_advance_when_the_wait_page_opens() -> None:
    first, second = participants_of(make_session("trust", 2))
    visit(first)
    visit(second)  # trustee: waits on SendBackWaitPage for the trustor

    async def scenario() -> None:
        waiting, opener = socket_of(second), socket_of(first)
        assert (await waiting.connect())[0] and (await opener.connect())[0]
        assert await waiting.receive_json_from() == state("0-1-1")
        assert await opener.receive_json_from() == state("0-1-0")
        await database_sync_to_async(post)(first, {"sent_amount": 40})
        assert await waiting.receive_json_from() == {"type": "advance"}
        # The one who opened the page is not pushed: its next message is the ping's answer.
        await opener.send_json_to({"type": "ping"})
        assert await opener.receive_json_from() == state("0-1-3")
        await waiting.disconnect()
        await opener.disconnect()

    run(scenario)


def test_a_socket_connecting_after_the_page_opened_gets_the_new_position() -> None:
    first, second = participants_of(make_session("trust", 2))
    visit(first)
    visit(second)
    post(first, {"sent_amount": 40})

    async def scenario() -> None:
        late = socket_of(second)
        assert (await late.connect())[0]
        assert await late.receive_json_from() == state("0-1-2")  # on SendBack now
        await late.disconnect()

    run(scenario)


def test_junk_messages_are_answered_with_an_error() -> None:
    first = participants_of(make_session("trust", 2))[0]

    async def scenario() -> None:
        socket = socket_of(first)
        await socket.connect()
        await socket.receive_json_from()
        deeply_nested = "[" * 2000 + "]" * 2000  # within max_bytes; json recurses too deep
        for junk in ("not json", '{"type": "dance"}', "[1, 2]", "x" * 5000, deeply_nested):
            await socket.send_to(text_data=junk)
            reply = await socket.receive_json_from()
            assert reply["type"] == "error" and reply["detail"], junk
        await socket.send_to(bytes_data=b"\x00\x01")
        assert (await socket.receive_json_from())["type"] == "error"
        await socket.send_json_to({"type": "ping"})
        assert await socket.receive_json_from() == state("0-1-0", status="new")  # still useful
        await socket.disconnect()

    run(scenario)


def test_an_unknown_participant_is_refused_with_4404() -> None:
    first = participants_of(make_session("trust", 2))[0]

    async def scenario() -> None:
        for socket in (socket_of(first, session_name="nosuchsession"),
                       WebsocketCommunicator(application, f"/ws/p/{first.session.name}/nobody/",
                                             headers=[(b"origin", b"http://testserver")])):
            assert await socket.connect() == (False, 4404)

    run(scenario)


def test_a_socket_from_another_site_is_refused() -> None:
    first = participants_of(make_session("trust", 2))[0]

    async def scenario() -> None:
        connected, _code = await socket_of(first, origin=b"http://evil.example").connect()
        assert not connected

    run(scenario)


def test_a_finished_participant_is_told_so() -> None:
    participant = participants_of(make_session("questionnaire", 1))[0]
    visit(participant)
    for answers in ({"age": 30, "gender": "Other", "education_years": 12}, {"crt": 1}, {}):
        post(participant, answers)

    async def scenario() -> None:
        socket = socket_of(participant)
        await socket.connect()
        assert await socket.receive_json_from() == state("0-1-0", status="finished")
        await socket.disconnect()

    run(scenario)
