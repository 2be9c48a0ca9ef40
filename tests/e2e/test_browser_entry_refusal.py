"""Entry rules in real Chromium against a real server: a computer is turned away from a
phones-only study with the reason, a phone gets in, and the lab manager finds the refusal in
the admin's list and downloads it by clicking "Download CSV". The room's waiting page and the
session-wide link's joining page post their forms by themselves: the refusal is what the
browser then shows."""
from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.servers import Server, create_session, run

pytestmark = pytest.mark.e2e

WAIT = 20_000
PASSWORD = "a-long-lab-password"
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1")

_ROOM = """
import django
django.setup()
from rooms.services import room_create
room_create(name="phones", config="entrygate_phones", open=True)
"""

_LAB_MANAGER = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
get_user_model().objects.create_superuser("manager", "lab@example.org", {PASSWORD!r})
"""


def test_a_computer_is_refused_a_phone_gets_in_and_the_refusal_downloads(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str], tmp_path: Path) -> None:
    run(single_server_env, sys.executable, "-c", _LAB_MANAGER)
    server = servers(single_server_env)
    [first] = create_session(single_server_env, "entrygate_phones", 1)

    computer = chromium.new_page()
    response = computer.goto(server.url + first)
    assert response is not None and response.status == 403
    assert computer.inner_text("h1") == "You cannot take part"
    assert "only on a phone, and you seem to be using a computer" in computer.inner_text("body")
    # Nothing was started: the same link on a phone is still a first entry.
    phone = chromium.new_context(user_agent=IPHONE, is_mobile=True, has_touch=True,
                                 viewport={"width": 390, "height": 664}).new_page()
    phone.goto(server.url + first)
    assert phone.inner_text("#welcome") == "You are in."

    admin = chromium.new_context(accept_downloads=True).new_page()
    admin.goto(f"{server.url}/admin/login/")
    admin.fill("#id_username", "manager")
    admin.fill("#id_password", PASSWORD)
    with admin.expect_navigation(timeout=WAIT):
        admin.get_by_role("button", name="Log in").click()
    admin.goto(f"{server.url}/admin/")
    with admin.expect_navigation(timeout=WAIT):
        admin.get_by_role("link", name="Entry refusals").click()
    assert "platform" in admin.inner_text("#result_list")
    with admin.expect_navigation(timeout=WAIT):
        admin.get_by_role("link", name="platform", exact=True).first.click()  # the rule filter
    with admin.expect_download(timeout=WAIT) as info:
        admin.get_by_role("link", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text())))
    session_name = first.split("/")[2]
    assert [(r["rule"], r["entry"], r["session"], r["platform"]) for r in rows] == [
        ("platform", "participant_link", session_name, "desktop")]
    assert "HeadlessChrome" in rows[0]["user_agent"]


def test_a_room_and_a_session_wide_link_show_the_refusal_after_posting_by_themselves(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    run(single_server_env, sys.executable, "-c", _ROOM)
    server = servers(single_server_env)
    [slot] = create_session(single_server_env, "entrygate_phones", 1)
    session_name = slot.split("/")[2]

    for path in ("/room/phones/", f"/join/{session_name}/"):
        computer = chromium.new_page()
        computer.goto(server.url + path)
        computer.wait_for_selector("text=You cannot take part", timeout=WAIT)
        assert "only on a phone" in computer.inner_text("body")
        computer.close()

    phone = chromium.new_context(user_agent=IPHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(server.url + "/room/phones/")
    phone.wait_for_selector("#welcome", timeout=WAIT)  # the room's new session's first page
