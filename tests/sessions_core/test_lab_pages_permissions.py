"""The monitor, payments and reports pages of a session (and their JSON and files) are for staff
with sessions_core.view_session: anonymous visitors go to the login, a logged-in user who is not
staff gets 403, and so does staff without the permission (also for a session that does not
exist: a 403 tells nothing about it)."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import make_session
from tests.permissions import MODEL_PERMISSIONS, admin_client, staff_with

ADMIN = "/admin/sessions_core/session/"
VIEW = "sessions_core.view_session"
PAGES = ["monitor/", "monitor/rows/", "monitor/rows/?since=1", "payments/", "payments/csv/",
         "payments/bonus/prolific/", "payments/bonus/mturk/", "reports/",
         "reports/?app=trust&round=1"]

pytestmark = pytest.mark.django_db


def url(page: str, pk: int | None = None) -> str:
    return f"{ADMIN}{pk if pk is not None else make_session('trust', 2).pk}/{page}"


@pytest.mark.parametrize("page", PAGES)
def test_staff_with_view_session_gets_the_page(page: str) -> None:
    assert admin_client(staff_with(VIEW)).get(url(page)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_change_session_stands_for_view_session_as_in_djangos_admin(page: str) -> None:
    assert admin_client(staff_with("sessions_core.change_session")).get(url(page)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_staff_without_the_permission_is_refused(page: str) -> None:
    others = [p for p in MODEL_PERMISSIONS if p not in (VIEW, "sessions_core.change_session")]
    for permissions in ([], others):
        client = admin_client(staff_with(*permissions))
        assert client.get(url(page)).status_code == 403, permissions
        assert client.get(url(page, pk=987654)).status_code == 403, permissions


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_go_to_the_login(page: str) -> None:
    response = Client().get(url(page))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("page", PAGES)
def test_a_logged_in_user_who_is_not_staff_is_refused(page: str) -> None:
    response = admin_client(staff_with(*MODEL_PERMISSIONS, staff=False)).get(url(page))
    assert response.status_code == 403


def test_a_superuser_gets_every_page_and_a_missing_session_is_404() -> None:
    root = admin_client(get_user_model().objects.create_superuser("root", "r@example.org", "pw"))
    for page in PAGES:
        assert root.get(url(page)).status_code == 200, page
    assert root.get(url("monitor/", pk=987654)).status_code == 404


def test_the_session_change_page_links_to_its_pages() -> None:
    session = make_session("trust", 2)
    page = admin_client(staff_with(VIEW)).get(f"{ADMIN}{session.pk}/change/").content.decode()
    for name in ("monitor", "payments", "reports"):
        assert f'href="{ADMIN}{session.pk}/{name}/"' in page, name
