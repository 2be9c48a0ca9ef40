"""A session, participant or room name that no name can be (a NUL byte, a space, a slash, too
long) is a 404 on every page and API address, and a closed socket on every WebSocket path:
it never reaches the database (PostgreSQL refuses a NUL byte in a query, which was a 500).
An unknown WebSocket path is closed cleanly too."""
from __future__ import annotations

import pytest
from channels.testing import WebsocketCommunicator
from django.test import Client
from rest_framework.test import APIClient

from config.asgi import application
from tests.conftest import make_session, participants_of
from tests.rooms.conftest import API, make_room, nothing_created, run

pytestmark = pytest.mark.django_db(transaction=True)

BAD_NAMES = ["a%00b", "%00", "has%20space", "x" * 65, "%C3%A9t%C3%A9", "a%0Ab"]


def page_paths(session: str, participant: str, room: str) -> list[str]:
    return [f"/room/{room}/", f"/room/{room}/state/", f"/p/{session}/{participant}/",
            f"/p/{session}/{participant}/state/"]


@pytest.mark.parametrize("bad", BAD_NAMES)
def test_a_bad_name_in_a_page_address_is_a_404_page(bad: str) -> None:
    session = make_session("trust", 2)
    participant = participants_of(session)[0]
    room = make_room(config="trust", open=True)
    paths = [*page_paths(bad, participant.name, room.name), *page_paths(session.name, bad, bad)]
    for path in dict.fromkeys(paths):
        if bad not in path:
            continue
        for method in ("get", "post"):
            response = getattr(Client(), method)(path)
            assert response.status_code == 404, (method, path)
            if not path.endswith("/state/") and method == "get":
                assert "not found" in response.content.decode().lower(), path


@pytest.mark.parametrize("bad", BAD_NAMES)
def test_a_bad_room_name_in_the_api_is_a_json_404(api: APIClient, bad: str) -> None:
    for method, path in [("get", "rooms/{r}/"), ("patch", "rooms/{r}/"), ("delete", "rooms/{r}/"),
                         ("patch", "rooms/{r}/open/"), ("patch", "room/{r}/open/"),
                         ("patch", "rooms/{r}/capacity/"), ("post", "rooms/{r}/session/"),
                         ("post", "rooms/{r}/disassociate/"), ("get", "rooms/{r}/online/")]:
        response = getattr(api, method)(f"{API}/{path.format(r=bad)}", {}, format="json")
        assert response.status_code == 404, (method, path)
        assert isinstance(response.json()["detail"], str)
    assert nothing_created()


def test_an_unknown_api_address_is_a_json_404(api: APIClient) -> None:
    response = api.get(f"{API}/no-such-endpoint/")
    assert response.status_code == 404 and isinstance(response.json()["detail"], str)


@pytest.mark.parametrize("bad", ["a%00b", "has%20space", "x" * 65, "%C3%A9t%C3%A9"])
def test_a_bad_name_in_a_socket_path_closes_the_socket(bad: str) -> None:
    session = make_session("trust", 2)
    participant = participants_of(session)[0]
    paths = [f"/ws/room/{bad}/", f"/ws/p/{bad}/{participant.name}/", f"/ws/p/{session.name}/{bad}/"]

    async def scenario() -> None:
        for path in paths:
            accepted, code = await socket_at(path).connect()
            assert (accepted, code) == (False, 4404), path

    run(scenario)


@pytest.mark.parametrize("path", ["/ws/", "/ws/nothing/here/", "/", "/ws/room/", "/ws/p/abc/",
                                  "/room/lab/"])
def test_an_unknown_socket_path_is_closed_cleanly(path: str) -> None:
    async def scenario() -> None:
        assert await socket_at(path).connect() == (False, 4404)

    run(scenario)


def socket_at(path: str) -> WebsocketCommunicator:
    """A socket on any path (percent-escapes decoded, as a server does), through the project's
    real router and origin check."""
    return WebsocketCommunicator(application, path, headers=[(b"origin", b"http://testserver")])
