"""DEFAULT_ROOMS in config/deployment.py: each room(...) is created at server start if no room of
that name exists; an existing room is never overwritten. Labels may come from a file."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

import config.deployment
from rooms.defaults import room
from rooms.models import Room
from rooms.services import room_create, rooms_ensure_defaults, rooms_ensure_defaults_after_migrate
from tests.rooms.conftest import unique


def declare(monkeypatch: pytest.MonkeyPatch, *specs: object) -> None:
    monkeypatch.setattr(config.deployment, "DEFAULT_ROOMS", list(specs))


def test_declared_room_is_created_with_its_settings(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    name = unique("lab")
    declare(monkeypatch, room(name, config="my_session", labels=["ALPHA", "BRAVO"], capacity=20,
                              open=True))
    created = rooms_ensure_defaults()
    made = Room.objects.get(name=name)
    assert created == [made]
    assert (made.config, made.labels, made.capacity, made.open) == (
        "my_session", ["ALPHA", "BRAVO"], 20, True)
    assert made.is_accepting


def test_append_in_the_deployment_module_is_how_rooms_are_declared(
        db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    declare(monkeypatch)
    name = unique("appended")
    config.deployment.DEFAULT_ROOMS.append(room(name, config="trust"))
    rooms_ensure_defaults_after_migrate()  # what `migrate` runs at server start
    assert Room.objects.get(name=name).config == "trust"


def test_existing_room_is_not_overwritten(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    name = unique("lab")
    room_create(name=name, config="trust", capacity=4)
    declare(monkeypatch, room(name, config="my_session", labels=["ALPHA"], capacity=20, open=True))
    assert rooms_ensure_defaults() == []
    kept = Room.objects.get(name=name)
    assert (kept.config, kept.labels, kept.capacity, kept.open) == ("trust", [], 4, False)


def test_ensuring_twice_creates_each_room_once(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    name = unique("lab")
    declare(monkeypatch, room(name, config="trust"))
    rooms_ensure_defaults()
    rooms_ensure_defaults()
    assert Room.objects.filter(name=name).count() == 1


def test_labels_file_gives_one_label_per_line(db: None, monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    labels_file = tmp_path / "labels.txt"
    labels_file.write_text("ALPHA\n  BRAVO  \n\nCHARLIE\n", encoding="utf-8")
    name = unique("filed")
    declare(monkeypatch, room(name, config="trust", labels=["ZULU"], labels_file=labels_file))
    rooms_ensure_defaults()
    made = Room.objects.get(name=name)
    assert made.labels == ["ZULU", "ALPHA", "BRAVO", "CHARLIE"]
    assert made.effective_capacity == 4


def test_first_room_request_creates_the_declared_rooms(db: None, monkeypatch: pytest.MonkeyPatch,
                                                       visitor: Client) -> None:
    name = unique("lab")
    declare(monkeypatch, room(name, config="trust"))
    response = visitor.get(f"/room/{name}/")
    assert response.status_code == 200 and "Please wait" in response.content.decode()
    assert Room.objects.filter(name=name).exists()


def test_a_bad_declaration_is_refused_naming_the_room(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    name = unique("bad")
    declare(monkeypatch, room(name, config="no_such_session_type"))
    with pytest.raises(ImproperlyConfigured, match=name):
        rooms_ensure_defaults()
    declare(monkeypatch, room(unique("bad"), labels=["has space"]))
    with pytest.raises(ImproperlyConfigured, match="uses only letters"):
        rooms_ensure_defaults()
    declare(monkeypatch, {"name": "not-a-room-spec"})
    with pytest.raises(ImproperlyConfigured, match="use room"):
        rooms_ensure_defaults()
    assert not Room.objects.filter(name=name).exists()
