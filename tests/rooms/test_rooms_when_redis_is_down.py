"""With Redis unreachable (REDIS_URL set: the production path), rooms keep working: a join gets
its participant link (a retry the same slot), the API opens the room, presence says it cannot
be read, and sockets are refused cleanly. Each failed side effect is one logged line."""
from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

# Imported before any test runs: importing it runs django.setup(), which configures logging anew
# and would drop the handler that caplog records with.
import config.asgi  # noqa: F401
import rooms.presence
from participants.models import Participant
from rooms.presence import RedisPresence
from sessions_core.web.sockets import CLOSE_LAYER_DOWN
from tests.rooms.conftest import API, connected, joined_participant, make_room, room_socket, run
from tests.unreachable import redis_down, warnings_of

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["redis_down"]  # a fixture used below


def test_a_first_join_gets_its_link_and_a_retry_the_same_slot_when_redis_is_down(
        redis_down: str, visitor: Client, caplog: pytest.LogCaptureFixture) -> None:
    room = make_room(config="trust", open=True)
    caplog.clear()

    first = joined_participant(visitor.post(f"/room/{room.name}/"))  # starts the room's session
    again = joined_participant(visitor.post(f"/room/{room.name}/"))

    assert again == first and Participant.objects.count() == 1
    lines = warnings_of(caplog)
    assert len(lines) == 1 and lines[0].startswith("RoomStarted push failed: ConnectionError")


def test_opening_a_room_over_the_api_succeeds_when_redis_is_down(
        redis_down: str, api: APIClient, caplog: pytest.LogCaptureFixture) -> None:
    room = make_room(config="trust")
    response = api.patch(f"{API}/room/{room.name}/open/", {"open": True}, format="json")

    assert response.status_code == 200 and response.json()["state"] == "accepting"
    lines = warnings_of(caplog)
    assert len(lines) == 1 and lines[0].startswith("RoomStarted push failed: ConnectionError")


def test_presence_says_it_is_unavailable_when_redis_is_down(
        redis_down: str, api: APIClient, experimenter: Client,
        caplog: pytest.LogCaptureFixture) -> None:
    room = make_room(config="trust")
    caplog.clear()

    body = api.get(f"{API}/rooms/{room.name}/online/").json()
    assert body["room"] == room.name and body["available"] is False
    assert body["count"] is None and body["online"] == []
    assert "Redis cannot be reached" in body["detail"]
    admin_json = experimenter.get(f"/admin/rooms/room/{room.pk}/presence/")
    assert admin_json.status_code == 200
    assert admin_json.json()["available"] is False and admin_json.json()["state"] == "waiting"
    changelist = experimenter.get("/admin/rooms/room/")
    assert changelist.status_code == 200 and "unavailable" in changelist.content.decode()
    lines = warnings_of(caplog)
    assert lines and all(line.startswith("presence read in room ") for line in lines), lines
    assert f"presence read in room {room.name} failed: ConnectionError" in lines[0]


def test_a_room_socket_handshake_is_refused_cleanly_when_redis_is_down(
        redis_down: str, caplog: pytest.LogCaptureFixture) -> None:
    room = make_room(config="trust")
    caplog.clear()

    async def scenario() -> None:
        assert await room_socket(room).connect(timeout=10) == (False, CLOSE_LAYER_DOWN)

    run(scenario)
    lines = warnings_of(caplog)
    assert len(lines) == 1 and "channel layer unreachable" in lines[0], lines


def test_a_waiting_page_keeps_its_socket_when_only_presence_fails(
        redis_down: str, monkeypatch: pytest.MonkeyPatch, settings: Settings,
        caplog: pytest.LogCaptureFixture) -> None:
    room = make_room(config="trust")
    # The channel layer works (in memory); the presence store's Redis does not answer.
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    monkeypatch.setattr(rooms.presence, "_store", RedisPresence(redis_down))
    caplog.clear()

    async def scenario() -> None:
        socket, first = await connected(room)
        assert first == {"type": "waiting"}
        await socket.send_json_to({"type": "heartbeat"})
        assert await socket.receive_json_from(timeout=10) == {"type": "heartbeat"}
        await socket.disconnect()

    run(scenario)
    lines = warnings_of(caplog)
    assert [line.split(" failed")[0] for line in lines] == [
        f"presence touch in room {room.name}", f"presence touch in room {room.name}",
        f"presence leave in room {room.name}"], lines
