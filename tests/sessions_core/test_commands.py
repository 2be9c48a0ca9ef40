"""Ops create sessions and start the demo with manage.py."""
from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command

from sessions_core.models import Session


@pytest.mark.django_db
def test_create_session_prints_one_participant_url_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("create_session", "public_goods", "6", "--base-url", "http://lab:8000")
    lines = capsys.readouterr().out.split()
    session = Session.objects.get()
    assert len(lines) == 6
    names = sorted(p.name for p in session.participant_set.all())
    assert sorted(re.match(rf"http://lab:8000/p/{session.name}/(\w+)/$", line)[1]
                  for line in lines) == names


@pytest.mark.django_db
def test_create_session_refuses_bad_input_with_a_message() -> None:
    with pytest.raises(CommandError, match="no SessionType 'nope'"):
        call_command("create_session", "nope", "2")
    with pytest.raises(CommandError, match="multiple of 3"):
        call_command("create_session", "public_goods", "4")
    assert not Session.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_demo_prints_the_admin_login_and_a_link_for_every_session_type(
        capsys: pytest.CaptureFixture[str]) -> None:
    from django.contrib.auth import authenticate

    from sessions_core.experimenter.registry import session_types

    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    password = re.search(r"user: admin  password: (\S+)", out)[1]
    assert authenticate(username="admin", password=password) is not None
    for st in session_types():
        assert f"({st.name}):" in out
    assert Session.objects.filter(is_test=True).count() == len(session_types())


@pytest.mark.django_db
def test_bots_command_fails_with_non_zero_exit_for_a_bad_count() -> None:
    with pytest.raises(CommandError, match="multiple of 3"):
        call_command("bots", "public_goods", "4", "--no-progress")
