"""{% chat %}: a group chat over the participant socket. Messages are validated, stored, and
reach the members of the channel (by default the group in this app and round) and no one else
(tests/apps/livecheck: groups of 3, the Chat page shows {% chat %})."""
from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.template import Context, Template

from config.asgi import application
from participants.models import Participant
from sessions_core.engine.chat import chat_ticket
from sessions_core.engine.visit import participant_visit
from sessions_core.models import ChatMessage
from tests.conftest import make_session, participants_of, player_of, post, visit

pytestmark = pytest.mark.django_db(transaction=True)

CHAT_PAGE = "0-1-3"
TICKET = re.compile(r'class="quorum-chat" data-ticket="([^"]+)" data-channel="([^"]+)"')


@pytest.fixture(autouse=True)
def empty_channel_layer() -> Iterator[None]:
    async_to_sync(get_channel_layer().flush)()
    yield
    async_to_sync(get_channel_layer().flush)()


@pytest.fixture
def players() -> list[Participant]:
    """Six participants in two groups of three, all on the Chat page."""
    everyone = participants_of(make_session("livecheck", 6))
    for participant in everyone:
        visit(participant)
        for _ in range(3):
            post(participant, {})
    return everyone


def chat_box(participant: Participant) -> tuple[str, str]:
    """The ticket and channel id of the chat box on the participant's page."""
    html = participant_visit(pk=participant.pk).html
    found = TICKET.search(html)
    assert found, html
    return found.group(1), found.group(2)


def page_socket(participant: Participant) -> WebsocketCommunicator:
    return WebsocketCommunicator(
        application, f"/ws/p/{participant.session.name}/{participant.name}/?on=page&at={CHAT_PAGE}",
        headers=[(b"origin", b"http://testserver")])


async def joined(participant: Participant, ticket: str) -> tuple[WebsocketCommunicator, list]:
    socket = page_socket(participant)
    assert (await socket.connect())[0]
    assert (await socket.receive_json_from())["type"] == "state"
    await socket.send_json_to({"type": "chat_join", "ticket": ticket})
    history = await socket.receive_json_from()
    assert history["type"] == "chat_history"
    return socket, history["messages"]


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    async_to_sync(scenario)()


def split(players: list[Participant]) -> tuple[list[Participant], list[Participant]]:
    first_group = player_of(players[0]).group_id
    mine = [p for p in players if player_of(p).group_id == first_group]
    return mine, [p for p in players if p not in mine]


def test_a_message_reaches_the_group_and_is_stored(players: list[Participant]) -> None:
    mine, others = split(players)
    boxes = {p.pk: chat_box(p) for p in players}
    sender_id = player_of(mine[1]).id_in_group

    async def scenario() -> None:
        sockets = {}
        for p in players:
            sockets[p.pk], history = await joined(p, boxes[p.pk][0])
            assert history == []
        await sockets[mine[1].pk].send_json_to(
            {"type": "chat", "ticket": boxes[mine[1].pk][0], "body": "  shall we cooperate?  "})
        for member in mine:
            got = await sockets[member.pk].receive_json_from()
            assert got["type"] == "chat" and got["channel"] == boxes[member.pk][1]
            assert (got["nickname"], got["body"], got["sender"]) == (
                f"Player {sender_id}", "shall we cooperate?", mine[1].pk)
        for outsider in others:
            assert await sockets[outsider.pk].receive_nothing()
        for socket in sockets.values():
            await socket.disconnect()

    run(scenario)
    stored = ChatMessage.objects.get()
    assert (stored.session_id, stored.participant_id, stored.channel, stored.body) == (
        mine[0].session_id, mine[1].pk, f"livecheck-1-{player_of(mine[0]).group.id_in_subsession}",
        "shall we cooperate?")
    assert boxes[mine[0].pk][1] == boxes[mine[2].pk][1] != boxes[others[0].pk][1]


def test_a_page_that_joins_later_gets_the_history(players: list[Participant]) -> None:
    mine, _ = split(players)
    ticket, late_ticket = chat_box(mine[0])[0], chat_box(mine[2])[0]

    async def scenario() -> None:
        socket, _ = await joined(mine[0], ticket)
        for body in ("one", "two"):
            await socket.send_json_to({"type": "chat", "ticket": ticket, "body": body})
            assert (await socket.receive_json_from())["body"] == body
        await socket.disconnect()
        late, history = await joined(mine[2], late_ticket)
        assert [m["body"] for m in history] == ["one", "two"]
        await late.disconnect()

    run(scenario)


def test_bad_messages_get_clear_errors_and_store_nothing(players: list[Participant]) -> None:
    mine, others = split(players)
    ticket = chat_box(mine[0])[0]
    someone_elses = chat_box(others[0])[0]

    async def scenario() -> None:
        socket, _ = await joined(mine[0], ticket)
        cases = [
            ({"body": "   "}, "a chat message cannot be empty"),
            ({"body": 5}, "a chat message is text"),
            ({"body": "x" * 1001}, "a chat message may have up to 1000 characters (this one has "
                                   "1001)"),
            ({"body": "hi", "ticket": ticket[:-3] + "abc"},
             "this chat's ticket is not valid; reload the page"),
            ({"body": "hi", "ticket": None}, "this chat's ticket is not valid; reload the page"),
            ({"body": "hi", "ticket": someone_elses}, "this chat belongs to another participant"),
        ]
        for fields, detail in cases:
            await socket.send_json_to({"type": "chat", "ticket": ticket, **fields})
            assert await socket.receive_json_from() == {"type": "error", "detail": detail,
                                                       "about": "chat"}
        await socket.send_json_to({"type": "chat_join", "ticket": someone_elses})
        assert (await socket.receive_json_from())["detail"] == \
            "this chat belongs to another participant"
        await socket.disconnect()

    run(scenario)
    assert not ChatMessage.objects.exists()


def test_channel_and_nickname_options_as_otree_3_had_them(players: list[Participant]) -> None:
    mine, others = split(players)
    template = Template('{% load otree %}{% chat channel="everyone" nickname=nick %}')
    boxes = []
    for participant in (mine[0], others[0]):
        page = participant_visit(pk=participant.pk).outcome.page
        html = template.render(Context({"view": page, "nick": f"Red {participant.id_in_session}"}))
        boxes.append(TICKET.search(html).groups())
    assert boxes[0][1] == boxes[1][1]   # one channel across groups

    async def scenario() -> None:
        first, _ = await joined(mine[0], boxes[0][0])
        second, _ = await joined(others[0], boxes[1][0])
        await first.send_json_to({"type": "chat", "ticket": boxes[0][0], "body": "hello all"})
        for socket in (first, second):
            got = await socket.receive_json_from()
            assert (got["nickname"], got["body"]) == (f"Red {mine[0].id_in_session}", "hello all")
            await socket.disconnect()

    run(scenario)
    assert ChatMessage.objects.get().channel == "everyone"


def test_a_ticket_names_the_player_and_defaults_as_otree_3() -> None:
    participant = participants_of(make_session("livecheck", 3))[0]
    visit(participant)
    player = player_of(participant)
    _, ticket = chat_ticket(player=player, app_label="livecheck")
    assert (ticket.channel, ticket.nickname, ticket.participant_id) == (
        "livecheck-1-1", f"Player {player.id_in_group}", participant.pk)
