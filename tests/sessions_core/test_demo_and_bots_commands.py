"""manage.py demo can be run twice: the admin keeps their password and each SessionType's
unfinished demo session is reused. manage.py bots deletes its test sessions unless --keep."""
from __future__ import annotations

import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from sessions_core.experimenter.registry import session_types
from sessions_core.models import Session


@pytest.mark.django_db(transaction=True)
def test_demo_run_twice_keeps_the_password_and_the_sessions(
        capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo", "--no-serve")
    first = capsys.readouterr().out
    password = re.search(r"user: admin  password: (\S+)", first)[1]
    sessions = set(Session.objects.values_list("name", flat=True))
    assert len(sessions) == len(session_types())

    call_command("demo", "--no-serve")
    second = capsys.readouterr().out
    assert "password: kept from an earlier run" in second
    assert "manage.py changepassword admin" in second
    assert authenticate(username="admin", password=password) is not None
    assert set(Session.objects.values_list("name", flat=True)) == sessions
    assert second.count(": reused session ") == len(session_types())
    for name in sessions:
        assert f"session-wide link: http://127.0.0.1:8000/join/{name}/" in second


@pytest.mark.django_db(transaction=True)
def test_demo_makes_a_new_session_for_a_finished_one(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo", "--no-serve")
    Session.objects.filter(session_type="trust").update(finished_at="2020-01-01T00:00:00Z")
    call_command("demo", "--no-serve")
    assert Session.objects.filter(session_type="trust", label="demo").count() == 2
    assert "Trust game (trust): new session" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_bots_delete_their_sessions(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("bots", "trust", "2", "--no-progress")
    assert not Session.objects.exists()
    assert "(--keep keeps them)" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_bots_keep_their_test_sessions_with_keep() -> None:
    call_command("bots", "trust", "2", "--no-progress", "--keep")
    sessions = list(Session.objects.all())
    assert len(sessions) == 2  # the trust bots play two cases
    for session in sessions:
        assert session.is_test and session.participant_set.filter(status="finished").count() == 2
