"""Live pages over the participant socket: liveSend's messages run the page's live_method under
the participant's lock; its answer reaches the players it names, on that page only; a method
that raises, a stale page, and malformed, oversized or flooding messages get clear errors and
change nothing (tests/apps/livecheck: groups of 3)."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from config.asgi import application
from participants.models import Participant
from sessions_core.web.sockets import StrictJsonConsumer
from tests.conftest import fresh, make_session, participants_of, player_of, post, visit

pytestmark = pytest.mark.django_db(transaction=True)

BID_PAGE = "0-1-0"


@pytest.fixture(autouse=True)
def empty_channel_layer() -> Iterator[None]:
    async_to_sync(get_channel_layer().flush)()
    yield
    async_to_sync(get_channel_layer().flush)()


@pytest.fixture
def players() -> list[Participant]:
    """Six participants in two groups of three, all on the live page Bid."""
    everyone = participants_of(make_session("livecheck", 6))
    for participant in everyone:
        visit(participant)
    return everyone


def page_socket(participant: Participant, at: str | None = BID_PAGE) -> WebsocketCommunicator:
    """The socket a page opens (presence.js): on=page, and the page's position."""
    query = "?on=page" + (f"&at={at}" if at else "")
    return WebsocketCommunicator(application,
                                 f"/ws/p/{participant.session.name}/{participant.name}/{query}",
                                 headers=[(b"origin", b"http://testserver")])


async def opened(socket: WebsocketCommunicator) -> WebsocketCommunicator:
    assert (await socket.connect())[0]
    assert (await socket.receive_json_from())["type"] == "state"
    return socket


def group_ids(participants: list[Participant]) -> list[int]:
    return [player_of(p).group_id for p in participants]


def live(data: Any, page: str = BID_PAGE) -> dict[str, Any]:
    return {"type": "live", "page": page, "data": data}


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    async_to_sync(scenario)()


def test_an_answer_to_id_0_reaches_every_member_of_the_group_and_no_one_else(
        players: list[Participant]) -> None:
    groups = group_ids(players)
    mine = [p for p, g in zip(players, groups, strict=True) if g == groups[0]]
    others = [p for p, g in zip(players, groups, strict=True) if g != groups[0]]
    assert len(mine) == 3 and len(others) == 3

    async def scenario() -> None:
        sockets = {p.pk: await opened(page_socket(p)) for p in players}
        await sockets[mine[0].pk].send_json_to(live({"amount": 15}))
        sender_id = (await database_sync_to_async(player_of)(mine[0])).id_in_group
        for member in mine:
            assert await sockets[member.pk].receive_json_from() == {
                "type": "live", "data": {"highest": 15, "by": sender_id, "bids": 1}}
        for outsider in others:
            assert await sockets[outsider.pk].receive_nothing()
        for socket in sockets.values():
            await socket.disconnect()

    run(scenario)
    assert player_of(mine[0]).bid == 15
    assert player_of(mine[0]).group.highest == 15


def test_an_answer_keyed_by_id_in_group_reaches_that_player_only(
        players: list[Participant]) -> None:
    first, second = players[0], next(p for p in players[1:]
                                     if player_of(p).group_id == player_of(players[0]).group_id)

    async def scenario() -> None:
        sender, member = await opened(page_socket(first)), await opened(page_socket(second))
        await sender.send_json_to(live("only me"))
        assert await sender.receive_json_from() == {"type": "live", "data": "just you"}
        assert await member.receive_nothing()
        await sender.disconnect()
        await member.disconnect()

    run(scenario)


def test_a_live_message_reaches_only_pages_at_the_live_pages_position(
        players: list[Participant]) -> None:
    """A socket of another page (or a wait page's, with no position) is not a live page."""
    first = players[0]

    async def scenario() -> None:
        on_page = await opened(page_socket(first))
        elsewhere = await opened(page_socket(first, at="0-1-3"))
        no_position = await opened(page_socket(first, at=None))
        await on_page.send_json_to(live({"amount": 5}))
        assert (await on_page.receive_json_from())["type"] == "live"
        assert await elsewhere.receive_nothing()
        assert await no_position.receive_nothing()
        for socket in (on_page, elsewhere, no_position):
            await socket.disconnect()

    run(scenario)


@pytest.mark.parametrize(("data", "detail"), [
    ("boom", "the page's live method failed (ValueError); nothing was changed"),
    ("bad key", "Bid.live_method returned a message for 9, which is not the id_in_group of a "
                "player of the group (ids: 1, 2, 3; 0: all of them)"),
    ("not json", "Bid.live_method's message for 0 cannot be sent as JSON: object is not JSON"),
])
def test_a_live_method_that_fails_answers_the_sender_with_an_error_and_changes_nothing(
        players: list[Participant], data: str, detail: str) -> None:
    first = players[0]
    member = next(p for p in players[1:] if player_of(p).group_id == player_of(first).group_id)

    async def scenario() -> None:
        sender, other = await opened(page_socket(first)), await opened(page_socket(member))
        await sender.send_json_to(live(data))
        assert await sender.receive_json_from() == {"type": "error", "detail": detail,
                                                   "about": "live"}
        assert await other.receive_nothing()
        # The socket still works: a good message goes through.
        await sender.send_json_to(live({"amount": 7}))
        assert (await sender.receive_json_from())["data"]["bids"] == 1
        await sender.disconnect()
        await other.disconnect()

    run(scenario)
    player = player_of(first)
    assert player.bid == 7          # the failed call set -1, -2 or -3: rolled back
    assert player.group.bids == 1   # "boom" added 100 to the group: rolled back


def test_a_message_from_a_page_the_participant_has_left_is_refused(
        players: list[Participant]) -> None:
    first = players[0]
    post(first, {})  # Bid -> Echo

    async def scenario() -> None:
        socket = await opened(page_socket(first))
        await socket.send_json_to(live({"amount": 9}))
        assert await socket.receive_json_from() == {
            "type": "error", "about": "live",
            "detail": "this page (0-1-0) is no longer the participant's current page (0-1-1); "
                      "reload the page"}
        await socket.disconnect()

    run(scenario)
    assert player_of(first).bid == 0


def test_a_page_without_live_method_and_malformed_messages_get_clear_errors(
        players: list[Participant]) -> None:
    first = players[0]
    for _ in range(4):
        post(first, {"answer": 1} if fresh(first).page_index == 3 else {})  # to Plain
    assert fresh(first).position_token == "0-1-4"

    async def scenario() -> None:
        socket = await opened(page_socket(first, at="0-1-4"))
        await socket.send_json_to(live("x", page="0-1-4"))
        assert await socket.receive_json_from() == {
            "type": "error", "about": "live", "detail": "page Plain has no live_method"}
        shape = ('send {"type": "live", "page": "<the page\'s position>", "data": ...}')
        for bad in ({"type": "live", "data": 1}, {"type": "live", "page": 4, "data": 1},
                    {"type": "live", "page": "0-1-4"}):
            await socket.send_json_to(bad)
            assert await socket.receive_json_from() == {"type": "error", "detail": shape,
                                                       "about": "live"}
        await socket.send_json_to(live("x" * 5000, page="0-1-4"))
        assert await socket.receive_json_from() == {
            "type": "error", "detail": "send JSON text up to 4096 bytes"}
        await socket.disconnect()

    run(scenario)


def test_live_messages_beyond_the_rate_are_refused_unprocessed(
        players: list[Participant], monkeypatch: pytest.MonkeyPatch) -> None:
    now = SimpleNamespace(value=1000.0)
    monkeypatch.setattr(StrictJsonConsumer, "clock", staticmethod(lambda: now.value))
    monkeypatch.setattr(StrictJsonConsumer, "burst", 3)
    first = players[0]

    async def scenario() -> None:
        socket = await opened(page_socket(first))
        for amount in (1, 2, 3):
            await socket.send_json_to(live({"amount": amount}))
            assert (await socket.receive_json_from())["type"] == "live"
        await socket.send_json_to(live({"amount": 99}))
        reply = await socket.receive_json_from()
        assert reply["type"] == "error" and reply["detail"].startswith("too many messages")
        await socket.disconnect()

    run(scenario)
    assert player_of(first).bid == 3   # the refused message was never run


def test_a_page_method_in_subsession_scope_answers_everyone_in_the_subsession(
        players: list[Participant]) -> None:
    for participant in players:
        post(participant, {})  # Bid -> Echo (live_scope = "subsession")
    sender_id = player_of(players[4]).id_in_subsession

    async def scenario() -> None:
        sockets = [await opened(page_socket(p, at="0-1-1")) for p in players]
        await sockets[4].send_json_to(live(["hello"], page="0-1-1"))
        for socket in sockets:
            assert await socket.receive_json_from() == {
                "type": "live", "data": {"from": sender_id, "data": ["hello"]}}
            await socket.disconnect()

    run(scenario)


def test_a_group_method_named_by_live_method_gets_the_senders_id_in_group(
        players: list[Participant]) -> None:
    first = players[0]
    post(first, {})
    post(first, {})  # on GroupStyle
    own_id = player_of(first).id_in_group

    async def scenario() -> None:
        socket = await opened(page_socket(first, at="0-1-2"))
        await socket.send_json_to(live({"x": 1}, page="0-1-2"))
        assert await socket.receive_json_from() == {"type": "live",
                                                   "data": {"group_style": {"x": 1}}}
        await socket.disconnect()

    run(scenario)
    assert own_id in (1, 2, 3)
