"""Rooms in the admin: settings with labels typed or uploaded, and the room's controls."""
from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rooms.models import Room
from tests.rooms.conftest import make_room, stored, unique

ADD = "/admin/rooms/room/add/"


def room_form(name: str = "", **fields: object) -> dict:
    return {"name": name, "config": "trust", "labels": "", "capacity": "", **fields}


def test_admin_creates_a_room_with_labels_one_per_line(experimenter: Client) -> None:
    name = unique("admin")
    response = experimenter.post(ADD, room_form(name, labels="ALPHA\r\n  BRAVO \r\n\r\nCHARLIE",
                                                open="on"))
    assert response.status_code == 302
    room = Room.objects.get(name=name)
    assert room.labels == ["ALPHA", "BRAVO", "CHARLIE"] and room.open and room.is_accepting
    assert room.effective_capacity == 3
    assert "was added successfully" in experimenter.get(response["Location"]).content.decode()


def test_admin_takes_labels_from_an_uploaded_file(experimenter: Client) -> None:
    name = unique("admin")
    upload = SimpleUploadedFile("labels.txt", b"ALPHA\nBRAVO\n\nCHARLIE\n", "text/plain")
    response = experimenter.post(ADD, room_form(name, labels="ZULU", labels_file=upload))
    assert response.status_code == 302
    assert Room.objects.get(name=name).labels == ["ZULU", "ALPHA", "BRAVO", "CHARLIE"]


def test_admin_refuses_a_labels_file_that_is_not_text(experimenter: Client) -> None:
    name = unique("admin")
    upload = SimpleUploadedFile("labels.bin", b"\xff\xfe\x00bad", "application/octet-stream")
    response = experimenter.post(ADD, room_form(name, labels_file=upload))
    assert response.status_code == 200 and "the file must be UTF-8 text" in response.content.decode()
    assert not Room.objects.filter(name=name).exists()


def test_admin_refuses_malformed_labels_with_a_message(experimenter: Client) -> None:
    name = unique("admin")
    response = experimenter.post(ADD, room_form(name, labels="ALPHA\nhas space"))
    page = response.content.decode()
    assert response.status_code == 200 and "uses only letters, digits" in page
    response = experimenter.post(ADD, room_form(name, labels="L" * 129))
    assert "at most 128 characters" in response.content.decode()
    response = experimenter.post(ADD, room_form(name, labels="ALPHA\nALPHA"))
    assert "a label is listed twice" in response.content.decode()
    assert not Room.objects.filter(name=name).exists()


def test_admin_refuses_a_bad_room_name(experimenter: Client) -> None:
    response = experimenter.post(ADD, room_form("no spaces here"))
    assert response.status_code == 200 and "A room name uses only" in response.content.decode()
    assert not Room.objects.filter(name="no spaces here").exists()


def test_admin_edits_settings_without_a_session(experimenter: Client) -> None:
    room = make_room(config="trust")
    response = experimenter.post(f"/admin/rooms/room/{room.pk}/change/",
                                 room_form(config="ultimatum", labels="X1\nX2", capacity="5"))
    assert response.status_code == 302
    after = stored(room)
    assert (after.config, after.labels, after.capacity) == ("ultimatum", ["X1", "X2"], 5)


def test_admin_room_list_shows_state_and_who_is_online(experimenter: Client) -> None:
    room = make_room(open=True, config="trust")
    page = experimenter.get("/admin/rooms/room/").content.decode()
    assert room.name in page and "accepting" in page and "online" in page


def test_admin_room_page_has_the_room_controls(experimenter: Client) -> None:
    room = make_room(config="trust")
    page = experimenter.get(f"/admin/rooms/room/{room.pk}/change/").content.decode()
    assert f'href="/room/{room.name}/"' in page
    assert "Open room" in page and "Create session in room" in page
    assert 'id="room-state">waiting' in page


def test_room_admin_is_for_staff_only(db: None) -> None:
    room = make_room(config="trust")
    for path in ("", f"{room.pk}/change/", f"{room.pk}/session/", f"{room.pk}/presence/"):
        response = Client().get(f"/admin/rooms/room/{path}")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    Client().post(f"/admin/rooms/room/{room.pk}/open/", {"open": "true"})
    assert not stored(room).open
