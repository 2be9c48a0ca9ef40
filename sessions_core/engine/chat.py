"""Chat ({% chat %} from `{% load otree %}`): channels, messages stored, pushed to the channel.

The tag renders a chat box with a signed ticket (chat_ticket): the session, the channel, the
participant and the nickname, signed by the server so a page can neither post as someone else
nor into a channel it was not shown. The page's socket (participants/consumers.py) sends the
ticket to join the channel (chat_join: the socket's channel-layer group, then the history) and
with each message (chat_post: validated, stored as a ChatMessage, pushed after the commit to
every socket of the channel, on any server process).

Channels (oTree 3's semantics): participants with the same channel chat together; a channel
never reaches outside its session. The default channel is the player's group in this app and
round ("<app>-<round>-<group's id_in_subsession>"); `channel=` names another (for example
`channel=group.id_in_subsession` for one chat across rounds). The default nickname is
"Player <id_in_group>"; `nickname=` names another (for example `nickname=player.role`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import transaction

from sessions_core.engine.notify import chat_group, notify_chat_after_commit
from sessions_core.errors import InvalidRequest
from sessions_core.models import BasePlayer, ChatMessage

MAX_CHARS = 1000  # a message's length, after surrounding spaces are stripped
MAX_CHANNEL = 255
MAX_NICKNAME = 100
HISTORY = 500  # messages a page gets when it joins a channel (the latest)
_SALT = "quorum.chat"


@dataclass(frozen=True)
class Ticket:
    """What a chat box's signed ticket names."""

    session_id: int
    participant_id: int
    channel: str
    nickname: str

    @property
    def group(self) -> str:
        """The channel's id on pages and in the channel layer."""
        return chat_group(self.session_id, self.channel)


def default_channel(player: BasePlayer, app_label: str) -> str:
    group = player.group
    where = group.id_in_subsession if group is not None else 0
    return f"{app_label}-{player.round_number}-{where}"


def chat_ticket(*, player: BasePlayer, app_label: str, channel: Any = None,
                nickname: Any = None) -> tuple[str, Ticket]:
    """The signed ticket of a chat box for player's participant, and what it names."""
    name = default_channel(player, app_label) if channel in (None, "") else str(channel)
    shown = f"Player {player.id_in_group}" if nickname in (None, "") else str(nickname)
    if len(name) > MAX_CHANNEL:
        raise InvalidRequest(f"chat: the channel may have up to {MAX_CHANNEL} characters")
    ticket = Ticket(session_id=player.session_id, participant_id=player.participant_id,
                    channel=name, nickname=shown[:MAX_NICKNAME])
    signed = signing.dumps([ticket.session_id, ticket.participant_id, ticket.channel,
                            ticket.nickname], salt=_SALT)
    return signed, ticket


def read_ticket(signed: Any, *, participant_id: int) -> Ticket:
    """The ticket a page sent, if the server signed it for this participant."""
    try:
        session_id, owner, channel, nickname = signing.loads(str(signed), salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidRequest("this chat's ticket is not valid; reload the page",
                             field="channel") from None
    if owner != participant_id:
        raise InvalidRequest("this chat belongs to another participant", field="channel")
    return Ticket(session_id=session_id, participant_id=owner, channel=channel,
                  nickname=nickname)


def clean_body(body: Any) -> str:
    if not isinstance(body, str):
        raise InvalidRequest("a chat message is text", field="body")
    text = body.strip()
    if not text:
        raise InvalidRequest("a chat message cannot be empty", field="body")
    if len(text) > MAX_CHARS:
        raise InvalidRequest(f"a chat message may have up to {MAX_CHARS} characters (this one "
                             f"has {len(text)})", field="body")
    return text


def message_json(message: ChatMessage) -> dict[str, Any]:
    """A message as pages receive it."""
    return {"channel": chat_group(message.session_id, message.channel), "id": message.pk,
            "sender": message.participant_id, "nickname": message.nickname,
            "body": message.body, "time": message.created_at.timestamp()}


def chat_post(*, ticket: Ticket, body: Any) -> dict[str, Any]:
    """Store a message in the ticket's channel and push it to the channel's pages after the
    commit; returns it as pages receive it. Refuses an empty or too long one (InvalidRequest),
    storing nothing."""
    text = clean_body(body)
    with transaction.atomic():
        message = ChatMessage.objects.create(
            session_id=ticket.session_id, channel=ticket.channel,
            participant_id=ticket.participant_id, nickname=ticket.nickname, body=text)
        shown = message_json(message)
        notify_chat_after_commit(ticket.session_id, ticket.channel, shown)
    return shown


def chat_history(*, ticket: Ticket) -> list[dict[str, Any]]:
    """The channel's latest HISTORY messages, oldest first."""
    latest = (ChatMessage.objects.filter(session_id=ticket.session_id, channel=ticket.channel)
              .order_by("-id")[:HISTORY])
    return [message_json(m) for m in reversed(list(latest))]
