"""manage.py create_session <type> <N> [--room R] [--label L] [--test] [--config key=value ...]:
participant URLs on stdout, the session-wide (and room) link on stderr; --config values are
JSON when they parse, strings otherwise; unknown keys are refused with the known ones."""
from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from rooms.models import Room
from rooms.services import room_create
from sessions_core.models import Session


@pytest.mark.django_db
def test_label_test_flag_and_config_are_stored(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("create_session", "admincheck", "2", "--label", "pilot", "--test",
                 "--config", "rounds_hint=5", "share=0.25", "shuffle=false",
                 "greeting=good morning", 'tags=["x"]', "--base-url", "http://lab:8000")
    session = Session.objects.get()
    assert (session.label, session.is_test) == ("pilot", True)
    config = session.config
    assert (config["rounds_hint"], config["share"], config["shuffle"], config["greeting"],
            config["tags"]) == (5, 0.25, False, "good morning", ["x"])
    out, err = capsys.readouterr()
    assert len(out.split()) == 2
    assert f"Session-wide link: http://lab:8000/join/{session.name}/" in err


@pytest.mark.django_db
def test_a_config_value_that_is_not_json_is_a_string(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("create_session", "admincheck", "1", "--config", "greeting=[not json")
    assert Session.objects.get().config["greeting"] == "[not json"


@pytest.mark.django_db
def test_an_unknown_config_key_is_refused_with_the_known_ones() -> None:
    with pytest.raises(CommandError) as error:
        call_command("create_session", "public_goods", "3", "--config", "multiplyer=3")
    assert "config.multiplyer: not a config key of SessionType 'public_goods'" in str(error.value)
    assert "multiplier" in str(error.value)
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_a_config_value_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(CommandError, match="config.multiplier: must be a whole number"):
        call_command("create_session", "public_goods", "3", "--config", "multiplier=twice")
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_a_config_option_without_a_value_is_refused() -> None:
    with pytest.raises(CommandError, match="write it as key=value"):
        call_command("create_session", "public_goods", "3", "--config", "multiplier")


@pytest.mark.django_db
def test_room_creates_the_session_in_the_room(capsys: pytest.CaptureFixture[str]) -> None:
    room_create(name="lab-a", config="")
    call_command("create_session", "public_goods", "3", "--room", "lab-a", "--label", "Tuesday",
                 "--config", "multiplier=3", "--base-url", "http://lab:8000")
    room = Room.objects.select_related("session").get(name="lab-a")
    assert room.session is not None and room.open and room.config == "public_goods"
    assert (room.session.label, room.session.config["multiplier"]) == ("Tuesday", 3)
    out, err = capsys.readouterr()
    assert len(out.split()) == 3 and "Room link: http://lab:8000/room/lab-a/" in err


@pytest.mark.django_db
def test_an_unknown_room_is_refused() -> None:
    with pytest.raises(CommandError, match="no room 'nowhere'"):
        call_command("create_session", "trust", "2", "--room", "nowhere")
    assert not Session.objects.exists()
