"""Every rooms endpoint, in the REST API and the admin, needs its Django model permission on top
of staff: a staff user without it is refused (403) and changes nothing; with exactly it, the
request goes through. Superusers may do everything; non-staff and anonymous callers nothing."""
from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from rooms.models import Room
from sessions_core.models import Session
from tests.permissions import MODEL_PERMISSIONS, admin_client, staff_with, token_client
from tests.rooms.conftest import API, make_room, stored, unique

VIEW, ADD, CHANGE, DELETE = ("rooms.view_room",), ("rooms.add_room",), ("rooms.change_room",), \
    ("rooms.delete_room",)
SESSION_IN_ROOM = ("rooms.change_room", "sessions_core.add_session")

# method, path under /admin/api/v1/ ({r}: the room), body, the permissions needed, status with them
API_ENDPOINTS: list[tuple[str, str, Any, tuple[str, ...], int]] = [
    ("get", "rooms/", None, VIEW, 200),
    ("head", "rooms/", None, VIEW, 200),
    ("post", "rooms/", {"name": "{new}"}, ADD, 201),
    ("get", "rooms/{r}/", None, VIEW, 200),
    ("head", "rooms/{r}/", None, VIEW, 200),
    ("patch", "rooms/{r}/", {"capacity": 3}, CHANGE, 200),
    ("put", "rooms/{r}/", {"capacity": 3}, CHANGE, 200),
    ("delete", "rooms/{r}/", None, DELETE, 204),
    ("patch", "rooms/{r}/open/", {"open": True}, CHANGE, 200),
    ("put", "rooms/{r}/open/", {"open": True}, CHANGE, 200),
    ("post", "rooms/{r}/open/", {"open": True}, CHANGE, 200),
    ("patch", "room/{r}/open/", {"open": True}, CHANGE, 200),
    ("patch", "rooms/{r}/capacity/", {"capacity": 3}, CHANGE, 200),
    ("put", "rooms/{r}/capacity/", {"capacity": 3}, CHANGE, 200),
    ("post", "rooms/{r}/session/", {"num_participants": 2}, SESSION_IN_ROOM, 201),
    ("post", "rooms/{r}/disassociate/", None, CHANGE, 200),
    ("get", "rooms/{r}/online/", None, VIEW, 200),
]

# method, admin path ({pk}: the room), form data, the permissions needed, status with them
ROOM_FORM = {"config": "trust", "labels": "", "capacity": "4"}
ADMIN_ENDPOINTS: list[tuple[str, str, Any, tuple[str, ...], int]] = [
    ("get", "", None, VIEW, 200),
    ("get", "add/", None, ADD, 200),
    ("post", "add/", {"name": "{new}", **ROOM_FORM}, ADD, 302),
    ("get", "{pk}/change/", None, VIEW, 200),
    ("post", "{pk}/change/", ROOM_FORM, CHANGE, 302),
    ("get", "{pk}/delete/", None, DELETE, 200),
    ("post", "{pk}/delete/", {"post": "yes"}, DELETE, 302),
    ("get", "{pk}/open/", None, CHANGE, 302),
    ("post", "{pk}/open/", {"open": "true"}, CHANGE, 302),
    ("post", "{pk}/disassociate/", {}, CHANGE, 302),
    ("get", "{pk}/session/", None, SESSION_IN_ROOM, 200),
    ("post", "{pk}/session/", {"config": "trust", "num_participants": "2"}, SESSION_IN_ROOM, 302),
    ("get", "{pk}/presence/", None, VIEW, 200),
]


def state() -> tuple:
    """Everything a refused request must leave as it was."""
    rooms = tuple(Room.objects.order_by("name").values_list("name", "config", "labels",
                                                            "capacity", "open", "session_id"))
    return rooms, Session.objects.count()


def untouched(*, rooms_made: int, rooms_before: int) -> bool:
    """Only the rooms the test made exist, as made (closed, no capacity), and no session."""
    return (Room.objects.count() == rooms_before + rooms_made
            and not Room.objects.filter(name__startswith="new-").exists()
            and not Room.objects.filter(open=True).exists()
            and not Room.objects.filter(capacity__isnull=False).exists()
            and not Session.objects.exists())


def fill(value: Any, room: Room, new: str) -> Any:
    if isinstance(value, dict):
        return {k: fill(v, room, new) for k, v in value.items()}
    if isinstance(value, str):
        return value.format(r=room.name, pk=room.pk, new=new)
    return value


def call_api(client: APIClient, method: str, path: str, body: Any) -> Any:
    room, new = make_room(config="trust"), unique("new")
    return getattr(client, method)(f"{API}/{fill(path, room, new)}", fill(body, room, new),
                                   format="json")


def call_admin(client: Client, method: str, path: str, data: Any) -> Any:
    room, new = make_room(config="trust"), unique("new")
    url = f"/admin/rooms/room/{fill(path, room, new)}"
    return client.get(url) if method == "get" else client.post(url, fill(data, room, new))


API_IDS = [f"{m.upper()} {p}" for m, p, *_ in API_ENDPOINTS]
ADMIN_IDS = [f"{m.upper()} /admin/rooms/room/{p}" for m, p, *_ in ADMIN_ENDPOINTS]


@pytest.mark.parametrize("method, path, body, needed, ok", API_ENDPOINTS, ids=API_IDS)
def test_api_refuses_staff_without_the_permission(db: None, method: str, path: str, body: Any,
                                                  needed: tuple[str, ...], ok: int) -> None:
    everything_else = [p for p in MODEL_PERMISSIONS if p not in needed]
    for permissions in ([], everything_else, *[[p] for p in needed if len(needed) > 1]):
        client = token_client(staff_with(*permissions))
        room, new = make_room(config="trust"), unique("new")
        before = state()
        response = getattr(client, method)(f"{API}/{fill(path, room, new)}",
                                           fill(body, room, new), format="json")
        assert response.status_code == 403, (permissions, response.content)
        assert state() == before


@pytest.mark.parametrize("method, path, body, needed, ok", API_ENDPOINTS, ids=API_IDS)
def test_api_lets_staff_with_exactly_the_permission(db: None, method: str, path: str, body: Any,
                                                    needed: tuple[str, ...], ok: int) -> None:
    response = call_api(token_client(staff_with(*needed)), method, path, body)
    assert response.status_code == ok, response.content


@pytest.mark.parametrize("method, path, body, needed, ok", API_ENDPOINTS, ids=API_IDS)
def test_api_lets_a_superuser_do_everything(db: None, method: str, path: str, body: Any,
                                            needed: tuple[str, ...], ok: int) -> None:
    superuser = get_user_model().objects.create_superuser(unique("root"), "root@example.org",
                                                          "pw")
    response = call_api(token_client(superuser), method, path, body)
    assert response.status_code == ok, response.content


@pytest.mark.parametrize("method, path, body, needed, ok", API_ENDPOINTS, ids=API_IDS)
def test_api_refuses_non_staff_and_anonymous_callers(db: None, method: str, path: str, body: Any,
                                                     needed: tuple[str, ...], ok: int) -> None:
    rooms = Room.objects.count()
    outsider = token_client(staff_with(*MODEL_PERMISSIONS, staff=False))
    assert call_api(outsider, method, path, body).status_code == 403
    assert call_api(APIClient(), method, path, body).status_code == 401
    assert untouched(rooms_made=2, rooms_before=rooms)


@pytest.mark.parametrize("method, path, data, needed, ok", ADMIN_ENDPOINTS, ids=ADMIN_IDS)
def test_admin_refuses_staff_without_the_permission(db: None, method: str, path: str, data: Any,
                                                    needed: tuple[str, ...], ok: int) -> None:
    # The admin lets change_room stand for view_room (Django's rule), so a page that needs
    # view_room is refused only without both.
    implied = ("rooms.change_room",) if "rooms.view_room" in needed else ()
    everything_else = [p for p in MODEL_PERMISSIONS if p not in needed + implied]
    for permissions in ([], everything_else, *[[p] for p in needed if len(needed) > 1]):
        client = admin_client(staff_with(*permissions))
        room, new = make_room(config="trust"), unique("new")
        before = state()
        url = f"/admin/rooms/room/{fill(path, room, new)}"
        response = client.get(url) if method == "get" else client.post(url,
                                                                        fill(data, room, new))
        assert response.status_code == 403, (permissions, response.status_code)
        assert state() == before


@pytest.mark.parametrize("method, path, data, needed, ok", ADMIN_ENDPOINTS, ids=ADMIN_IDS)
def test_admin_lets_staff_with_exactly_the_permission(db: None, method: str, path: str,
                                                      data: Any, needed: tuple[str, ...],
                                                      ok: int) -> None:
    response = call_admin(admin_client(staff_with(*needed)), method, path, data)
    assert response.status_code == ok
    if ok == 302:
        assert "/admin/login/" not in response["Location"]


@pytest.mark.parametrize("method, path, data, needed, ok", ADMIN_ENDPOINTS, ids=ADMIN_IDS)
def test_admin_lets_a_superuser_do_everything(experimenter: Client, method: str, path: str,
                                              data: Any, needed: tuple[str, ...],
                                              ok: int) -> None:
    assert call_admin(experimenter, method, path, data).status_code == ok


@pytest.mark.parametrize("method, path, data, needed, ok", ADMIN_ENDPOINTS, ids=ADMIN_IDS)
def test_admin_sends_anonymous_visitors_to_the_login_and_refuses_non_staff(
        db: None, method: str, path: str, data: Any, needed: tuple[str, ...], ok: int) -> None:
    rooms = Room.objects.count()
    response = call_admin(Client(), method, path, data)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = call_admin(admin_client(staff_with(*MODEL_PERMISSIONS, staff=False)), method,
                          path, data)
    assert response.status_code == 403
    assert untouched(rooms_made=2, rooms_before=rooms)


def test_room_buttons_are_hidden_from_staff_who_may_only_look(db: None) -> None:
    room = make_room(config="trust")
    page = admin_client(staff_with(*VIEW)).get(f"/admin/rooms/room/{room.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="room-state"' in html
    assert "Open room" not in html and "Create session in room" not in html
    html = admin_client(staff_with(*CHANGE)).get(
        f"/admin/rooms/room/{room.pk}/change/").content.decode()
    assert "Open room" in html and "Create session in room" not in html
    assert not stored(room).open
