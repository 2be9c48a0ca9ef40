"""manage.py create_api_token <user>: prints the user's API token (creating it when missing),
refuses an unknown user, and --reset replaces the token so the old one stops working."""
from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.permissions import staff_with


def token_of(username: str, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", username, *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_prints_a_new_token_that_the_api_accepts(db: None) -> None:
    user = staff_with("sessions_core.view_session")
    key, said = token_of(user.username)
    assert key == Token.objects.get(user=user).key and "created a token" in said
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/admin/api/v1/sessions/").status_code == 200


def test_a_second_run_shows_the_same_token(db: None) -> None:
    user = staff_with()
    first, _ = token_of(user.username)
    again, said = token_of(user.username)
    assert again == first and "existing token" in said
    assert Token.objects.filter(user=user).count() == 1


def test_reset_replaces_the_token_and_the_old_one_stops_working(db: None) -> None:
    user = staff_with("sessions_core.view_session")
    old, _ = token_of(user.username)
    new, said = token_of(user.username, "--reset")
    assert new != old and "new token" in said
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert client.get("/admin/api/v1/sessions/").status_code == 401


def test_an_unknown_user_is_refused_and_nothing_is_created(db: None) -> None:
    with pytest.raises(CommandError, match="no user 'nobody'"):
        token_of("nobody")
    assert not Token.objects.exists()


def test_a_user_who_is_not_staff_is_told_the_api_will_refuse_them(db: None) -> None:
    user = get_user_model().objects.create_user("visitor")
    _, said = token_of(user.username)
    assert "is not staff" in said
