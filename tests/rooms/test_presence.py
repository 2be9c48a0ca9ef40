"""Presence: a waiting page's socket makes its visitor online in the room; closing the socket or
a heartbeat that stops makes them offline. The API and the room's admin page show the list."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from rest_framework.test import APIClient

import sessions_core.web.presence
from rooms.presence import PRESENCE_TTL, presence
from tests.rooms.conftest import API, client_id, connected, in_sync, make_room, run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """The presence store's time, moved by hand (no sleeping)."""
    now = SimpleNamespace(value=1_000_000.0)
    monkeypatch.setattr(sessions_core.web.presence, "time", SimpleNamespace(time=lambda: now.value))
    return now


def online(room_name: str, now: float | None = None) -> list[str]:
    return [v.client for v in presence().online(room_name, now=now)]


def test_connected_socket_is_online_and_disconnect_makes_it_offline(db: None) -> None:
    room = make_room(config="trust")
    me = client_id()

    async def scenario() -> None:
        socket, _ = await connected(room, client=me)
        assert await in_sync(online, room.name) == [me]
        await socket.disconnect()
        assert await in_sync(online, room.name) == []

    run(scenario)


def test_presence_lists_every_waiting_visitor_with_label(db: None) -> None:
    room = make_room(config="trust", labels=["ALPHA", "BRAVO"])
    alpha, bravo = client_id(), client_id()

    async def scenario() -> None:
        first, _ = await connected(room, client=alpha, label="ALPHA")
        second, _ = await connected(room, client=bravo, label="BRAVO")
        visitors = await in_sync(presence().online, room.name)
        assert {(v.client, v.label) for v in visitors} == {(alpha, "ALPHA"), (bravo, "BRAVO")}
        await first.disconnect()
        assert await in_sync(online, room.name) == [bravo]
        await second.disconnect()

    run(scenario)


def test_presence_is_per_room(db: None) -> None:
    room, other = make_room(config="trust"), make_room(config="trust")

    async def scenario() -> None:
        socket, _ = await connected(room)
        assert await in_sync(online, other.name) == []
        await socket.disconnect()

    run(scenario)


def test_stopped_heartbeat_makes_a_visitor_offline(db: None, clock: SimpleNamespace) -> None:
    room = make_room(config="trust")
    me = client_id()
    start = clock.value

    async def scenario() -> None:
        socket, _ = await connected(room, client=me)
        assert await in_sync(online, room.name, start + PRESENCE_TTL - 1) == [me]
        assert await in_sync(online, room.name, start + PRESENCE_TTL + 1) == []
        await socket.disconnect()

    run(scenario)


def test_heartbeat_keeps_a_visitor_online(db: None, clock: SimpleNamespace) -> None:
    room = make_room(config="trust")
    me = client_id()
    start = clock.value

    async def scenario() -> None:
        socket, _ = await connected(room, client=me)
        clock.value = start + 20
        await socket.send_json_to({"type": "heartbeat"})
        assert await socket.receive_json_from() == {"type": "heartbeat"}
        visitors = await in_sync(presence().online, room.name, start + PRESENCE_TTL + 10)
        assert [(v.client, v.last_seen) for v in visitors] == [(me, start + 20)]
        assert await in_sync(online, room.name, start + 20 + PRESENCE_TTL + 1) == []
        await socket.disconnect()

    run(scenario)


def test_api_shows_who_is_online(api: APIClient) -> None:
    room = make_room(config="trust")
    me = client_id()

    async def scenario() -> None:
        socket, _ = await connected(room, client=me, label="seat-07")
        body = (await in_sync(api.get, f"{API}/rooms/{room.name}/online/")).json()
        assert body["room"] == room.name and body["count"] == 1
        assert [(v["client"], v["label"]) for v in body["online"]] == [(me, "seat-07")]
        await socket.disconnect()
        body = (await in_sync(api.get, f"{API}/rooms/{room.name}/online/")).json()
        assert body["count"] == 0 and body["online"] == []

    run(scenario)


def test_admin_presence_json_shows_who_is_waiting(experimenter: Client) -> None:
    room = make_room(config="trust")
    me = client_id()
    url = f"/admin/rooms/room/{room.pk}/presence/"

    async def scenario() -> None:
        socket, _ = await connected(room, client=me)
        body = (await in_sync(experimenter.get, url)).json()
        assert body["state"] == "waiting" and body["count"] == 1
        assert body["online"][0]["client"] == me
        await socket.disconnect()
        assert (await in_sync(experimenter.get, url)).json()["count"] == 0

    run(scenario)


def test_admin_room_page_polls_presence_live(experimenter: Client) -> None:
    room = make_room(config="trust")
    page = experimenter.get(f"/admin/rooms/room/{room.pk}/change/").content.decode()
    assert f"/admin/rooms/room/{room.pk}/presence/" in page
    assert 'id="room-online"' in page and "setInterval(refresh" in page


def test_presence_is_for_staff_only(outsider: APIClient) -> None:
    room = make_room(config="trust")
    assert outsider.get(f"{API}/rooms/{room.name}/online/").status_code == 403
    response = Client().get(f"/admin/rooms/room/{room.pk}/presence/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
