"""A lab manager clicks the buttons of a room's admin page in real Chromium against a real server:
"Open room", "Close room", "Create session in room" and "Disassociate session" each do what they
say (their forms were nested in the admin's change form, and browsers drop nested forms), and
saving the change form leaves the room's open switch alone.

The lab manager is a staff user with exactly the permissions these buttons need, logging in
through the admin's login page.
"""
from __future__ import annotations

import json
import sys
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import Server, run

pytestmark = pytest.mark.e2e

WAIT = 15_000  # ms a page may take to load after a click
PASSWORD = "a-long-lab-password"

# In the server's database: the lab manager and a closed room; prints the room's name and pk.
_LAB_MANAGER_AND_ROOM = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from rooms.services import room_create
user = get_user_model().objects.create_user("manager", password={PASSWORD!r}, is_staff=True)
for app_label, codename in [("rooms", "view_room"), ("rooms", "change_room"),
                            ("sessions_core", "add_session"), ("sessions_core", "view_session")]:
    user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label,
                                                     codename=codename))
room = room_create(name="cubicles", config="trust")
print(room.name, room.pk)
"""


def room_state(server: Server, room: str) -> dict[str, Any]:
    """What the room's public state address says now."""
    with urllib.request.urlopen(f"{server.url}/room/{room}/state/", timeout=10) as response:
        return dict(json.loads(response.read()))


def log_in(browser: Any, server: Server) -> Any:
    page = browser.new_context().new_page()
    page.goto(f"{server.url}/admin/login/")
    page.fill("#id_username", "manager")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{server.url}/admin/", timeout=WAIT)
    return page


def click(page: Any, role: str, name: str) -> str:
    """Click a button or link and return the text of the page it leads to."""
    with page.expect_navigation(timeout=WAIT):
        page.get_by_role(role, name=name, exact=True).click()
    return str(page.inner_text("body"))


def test_the_room_admin_buttons_work_in_a_browser(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    room, pk = run(single_server_env, sys.executable, "-c", _LAB_MANAGER_AND_ROOM).split()
    server = servers(single_server_env)
    page = log_in(chromium, server)
    page.goto(f"{server.url}/admin/rooms/room/{pk}/change/")
    assert page.inner_text("#room-state") == "waiting"

    assert f"Room {room} opened." in click(page, "button", "Open room")
    assert page.inner_text("#room-state") == "accepting"
    assert room_state(server, room) == {"state": "accepting", "accepting": True}

    assert f"Room {room} closed." in click(page, "button", "Close room")
    assert room_state(server, room) == {"state": "waiting", "accepting": False}

    # Saving the room's own form must not carry the open button's value with it.
    assert "was changed successfully" in click(page, "button", "Save and continue editing")
    assert room_state(server, room)["accepting"] is False

    click(page, "link", "Create session in room")
    page.select_option("#id_config", "trust")
    page.fill("#id_num_participants", "2")
    text = click(page, "button", "Create session and open the room")
    assert f"created in room {room} with 2 slots" in text
    assert page.inner_text("#room-state") == "accepting" and "Session:" in text

    text = click(page, "button", "Disassociate session")
    assert f"Room {room} is free for a new session." in text and "No session." in text
    assert room_state(server, room) == {"state": "waiting", "accepting": False}
