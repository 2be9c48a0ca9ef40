"""ops: manage.py load_rooms creates the declared rooms once and never overwrites them."""
from __future__ import annotations

import pytest
from django.core.management import call_command

from config import deployment
from rooms.defaults import room
from rooms.models import Room


@pytest.mark.django_db
def test_load_rooms_creates_declared_rooms_and_leaves_existing_ones(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(deployment, "DEFAULT_ROOMS",
                        [room("cmd_room", config="trust", labels=["A1", "B2"], open=True)])
    call_command("load_rooms")
    assert "Created: cmd_room" in capsys.readouterr().out
    Room.objects.filter(name="cmd_room").update(open=False)
    call_command("load_rooms")
    assert "exist already" in capsys.readouterr().out
    created = Room.objects.get(name="cmd_room")
    assert created.labels == ["A1", "B2"] and created.open is False
