"""An address with no room shows a 404 page that says so, and creates nothing."""
from __future__ import annotations

from django.test import Client
from rest_framework.test import APIClient

from rooms.models import Room
from tests.rooms.conftest import API, join, nothing_created


def test_unknown_room_shows_a_not_found_page(db: None, visitor: Client) -> None:
    response = visitor.get("/room/no-such-room/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Room not found" in page and "Check the link you were given" in page


def test_joining_an_unknown_room_is_not_found_and_creates_nothing(db: None, visitor: Client) -> None:
    response = join(visitor, "no-such-room", label="ALPHA")
    assert response.status_code == 404 and "Room not found" in response.content.decode()
    assert nothing_created() and not Room.objects.filter(name="no-such-room").exists()


def test_unknown_room_in_the_api_is_404_with_a_detail(api: APIClient) -> None:
    for method, path, body in [
        ("get", "rooms/no-such-room/", None),
        ("patch", "rooms/no-such-room/", {"open": True}),
        ("delete", "rooms/no-such-room/", None),
        ("patch", "room/no-such-room/open/", {"open": True}),
        ("patch", "rooms/no-such-room/capacity/", {"capacity": 3}),
        ("post", "rooms/no-such-room/session/", {"num_participants": 2}),
        ("post", "rooms/no-such-room/disassociate/", None),
        ("get", "rooms/no-such-room/online/", None),
    ]:
        response = getattr(api, method)(f"{API}/{path}", body, format="json")
        assert response.status_code == 404, (method, path)
        assert response.json() == {"detail": "no room 'no-such-room'"}
    assert nothing_created() and not Room.objects.filter(name="no-such-room").exists()
