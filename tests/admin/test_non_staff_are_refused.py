"""Admin pages: anonymous visitors go to the login; a logged-in user without staff status gets
403 with a page that says why (Django's default sends them to the login page, which loops)."""
from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import make_session

PAGES = ["/admin/", "/admin/sessions_core/", "/admin/sessions_core/session/",
         "/admin/sessions_core/session/create/", "/admin/participants/participant/",
         "/admin/rooms/room/", "/admin/auth/user/"]


@pytest.mark.parametrize("path", PAGES)
def test_a_non_staff_user_gets_403_with_a_reason(outsider: Client, path: str) -> None:
    response = outsider.get(path)
    assert response.status_code == 403
    page = response.content.decode()
    assert "You are logged in as <strong>visitor</strong>, an account" in page
    assert "without staff status" in page and 'href="/admin/login/?next=' in page


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_go_to_the_login(db: None, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def test_a_non_staff_user_changes_nothing(outsider: Client) -> None:
    session = make_session("trust", 2)
    response = outsider.post("/admin/sessions_core/session/",
                             {"action": "delete_selected", "_selected_action": [session.pk],
                              "post": "yes"})
    assert response.status_code == 403
    assert type(session).objects.filter(pk=session.pk).exists()


def test_a_non_staff_user_may_still_log_in_as_someone_else(outsider: Client) -> None:
    response = outsider.get("/admin/login/")
    assert response.status_code == 200
    assert "You are authenticated as visitor" in response.content.decode()
