"""A lab manager in real Chromium against a real server: the demo page's button makes a demo
session whose participant link opens (in a new tab) on the game's first page; the admin's create
form (choose a SessionType, fill its config fields, submit) makes a session whose page shows it
initialized, with the config as filled in."""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import Server, run

pytestmark = pytest.mark.e2e

WAIT = 15_000  # ms a page may take to load after a click
PASSWORD = "a-long-lab-password"

_LAB_MANAGER = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
get_user_model().objects.create_superuser("manager", "lab@example.org", {PASSWORD!r})
"""


def log_in(browser: Any, server: Server) -> Any:
    page = browser.new_context().new_page()
    page.goto(f"{server.url}/")  # the demo page sends a visitor to the login first
    page.wait_for_url(f"{server.url}/admin/login/?next=/", timeout=WAIT)
    page.fill("#id_username", "manager")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation(timeout=WAIT):
        page.get_by_role("button", name="Log in").click()
    return page


def test_the_demo_page_button_makes_a_session_whose_links_open(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    run(single_server_env, sys.executable, "-c", _LAB_MANAGER)
    server = servers(single_server_env)
    page = log_in(chromium, server)
    assert page.url == f"{server.url}/"
    assert "One-shot trust game" in page.inner_text("#session-type-trust")

    with page.expect_navigation(timeout=WAIT):
        page.get_by_role("button", name="Create a demo session of Trust game").click()
    links = page.locator("#participant-links a")
    assert links.count() == 2
    assert "/join/" in page.inner_text("#session-wide-link")

    with page.context.expect_page(timeout=WAIT) as opened:
        links.first.click()
    participant = opened.value
    participant.wait_for_load_state()
    assert participant.url == links.first.get_attribute("href")
    assert "Trust game: your choice" in participant.inner_text("body")
    assert participant.locator('input[name="sent_amount"]').count() == 1


def test_the_admin_create_form_makes_an_initialized_session(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    run(single_server_env, sys.executable, "-c", _LAB_MANAGER)
    server = servers(single_server_env)
    page = log_in(chromium, server)
    page.goto(f"{server.url}/admin/sessions_core/session/create/")

    with page.expect_navigation(timeout=WAIT):  # choosing reloads the form for that type
        page.select_option("#id_session_type", "admincheck")
    assert "Test: config keys of every type." in page.inner_text("#session-type-doc")
    assert page.input_value("#id_config_rounds_hint") == "3"
    page.fill("#id_num_participants", "3")
    page.fill("#id_label", "browser pilot")
    page.fill("#id_config_rounds_hint", "7")
    page.uncheck("#id_config_shuffle")
    page.fill("#id_config_greeting", "welcome")
    with page.expect_navigation(timeout=WAIT):
        page.get_by_role("button", name="Create session").click()

    assert "/change/" in page.url
    page.wait_for_function(
        "() => document.getElementById('initialization').textContent === 'Initialized'",
        timeout=WAIT)
    body = page.inner_text("body")
    assert "created with 3 participant links" in body
    assert '"rounds_hint": 7' in body and '"shuffle": false' in body
    assert '"greeting": "welcome"' in body and "browser pilot" in page.content()
    assert page.locator("#session-wide-link").count() == 1
