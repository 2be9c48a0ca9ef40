"""Rooms test helpers: who is asking (experimenter, api, outsider), rooms with fresh names, and
room sockets through the project's real ASGI router.

Room names get a random suffix: presence and channel groups live in Redis on the production
path, and they outlive a test run.
"""
from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from participants.models import Participant
from rooms import services
from rooms.models import Room
from rooms.services import room_create
from sessions_core.models import Session
from tests.permissions import staff_with, token_client

API = "/admin/api/v1"


def unique(prefix: str = "room") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def make_room(prefix: str = "room", **settings: Any) -> Room:
    """A room through the service, like the admin and the API make them."""
    return room_create(name=unique(prefix), **settings)


def stored(room: Room) -> Room:
    return Room.objects.select_related("session").get(pk=room.pk)


def join(client: Client, room: Room | str, label: str | None = None, query: str = "") -> Any:
    """The waiting page's form post: what a visitor's browser sends to get in."""
    name = room if isinstance(room, str) else room.name
    data = {} if label is None else {"label": label}
    return client.post(f"/room/{name}/{query}", data)


def joined_participant(response: Any) -> Participant:
    """The participant a 302 from the room leads to."""
    assert response.status_code == 302, response.content.decode()[:500]
    _, p, session_name, participant_name, _ = response["Location"].split("/")
    assert p == "p"
    return Participant.objects.select_related("session").get(
        session__name=session_name, name=participant_name)


def nothing_created() -> bool:
    return not Session.objects.exists() and not Participant.objects.exists()


def client_id() -> str:
    return uuid.uuid4().hex[:16]


def room_socket(room: Room | str, client: str | None = None, label: str | None = None,
                query: str | None = None) -> WebsocketCommunicator:
    """A waiting page's socket, through config.asgi.application (origin check included)."""
    from config.asgi import application

    name = room if isinstance(room, str) else room.name
    if query is None:
        query = f"client={client or client_id()}" + (f"&label={label}" if label else "")
    return WebsocketCommunicator(application, f"/ws/room/{name}/?{query}",
                                 headers=[(b"origin", b"http://testserver")])


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    """Run an async scenario from a plain test; sync_to_async calls come back to this thread."""
    async_to_sync(scenario)()


@pytest.fixture(autouse=True)
def _fresh_channel_layer() -> Iterator[None]:
    """Each test gets its own channel layer (an in-memory layer's queues belong to one loop)."""
    channel_layers.backends.pop("default", None)
    yield
    channel_layers.backends.pop("default", None)


@pytest.fixture(autouse=True)
def _defaults_not_yet_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "_defaults_checked", False)


@pytest.fixture
def experimenter(db: None) -> Client:
    """A lab manager logged into the admin."""
    user = get_user_model().objects.create_superuser(unique("lab"), "lab@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


# What a lab's script needs for everything the rooms API does.
ROOM_SCRIPT_PERMISSIONS = ("rooms.view_room", "rooms.add_room", "rooms.change_room",
                           "rooms.delete_room", "sessions_core.add_session")


@pytest.fixture
def api(db: None) -> APIClient:
    """A script with the API token of a staff user who may do everything with rooms."""
    return token_client(staff_with(*ROOM_SCRIPT_PERMISSIONS))


@pytest.fixture
def outsider(db: None) -> APIClient:
    """Someone with a token who is not staff."""
    user = get_user_model().objects.create_user(unique("someone"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def visitor() -> Client:
    """A participant's browser."""
    return Client()


async def in_sync(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run sync code (services, test clients) from a socket scenario, as a consumer would."""
    return await database_sync_to_async(fn)(*args, **kwargs)


async def connected(room: Room | str, **kwargs: Any) -> tuple[WebsocketCommunicator, dict]:
    """A room socket that is open, with the first message the server sent on connect."""
    socket = room_socket(room, **kwargs)
    accepted, code = await socket.connect()
    assert accepted, f"room socket refused with {code}"
    return socket, await socket.receive_json_from()
