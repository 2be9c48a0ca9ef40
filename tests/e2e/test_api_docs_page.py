"""The API's docs page in real Chromium: a staff user logs in through the admin, opens
/admin/api/v1/docs/, sees every part of the API, tries an endpoint from the page (their admin
login is the credential), and the page loads nothing from any other server."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import Server, run

pytestmark = pytest.mark.e2e

WAIT = 15_000  # ms
SCREENSHOT = os.environ.get("QUORUM_SCREENSHOT")  # a path: keep a picture of the page, by hand
PASSWORD = "a-long-lab-password"
_STAFF = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
user = get_user_model().objects.create_user("manager", password={PASSWORD!r}, is_staff=True)
user.user_permissions.add(Permission.objects.get(content_type__app_label="sessions_core",
                                                 codename="view_session"))
"""


def test_the_docs_page_works_from_this_server_alone(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    run(single_server_env, sys.executable, "-c", _STAFF)
    server = servers(single_server_env)
    page = chromium.new_context().new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{server.url}/admin/api/v1/docs/")
    page.wait_for_url(f"{server.url}/admin/login/**", timeout=WAIT)  # anonymous: the login first
    page.fill("#id_username", "manager")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{server.url}/admin/api/v1/docs/", timeout=WAIT)

    operation = page.locator("#operations-session-types-session_types_list")
    operation.wait_for(timeout=WAIT)
    for tag in ("session-types", "sessions", "rooms", "room"):
        assert page.locator(f"#operations-tag-{tag}").count() == 1, tag
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    result = operation.locator(".live-responses-table tbody .response-col_status").first
    result.wait_for(timeout=WAIT)
    assert result.inner_text().strip() == "200"
    assert '"name": "trust"' in operation.locator(".live-responses-table").inner_text()
    if SCREENSHOT:
        page.screenshot(path=SCREENSHOT, full_page=False)

    assert requested and all(url.startswith(server.url) for url in requested), [
        url for url in requested if not url.startswith(server.url)]
