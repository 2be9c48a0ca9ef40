"""Clicking a `<button name=... value=...>` in a real page stores the button's value, as oTree 3
apps that answer with buttons expect (tests/apps/buttons)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import Server, create_session

pytestmark = pytest.mark.e2e


def test_clicking_named_buttons_stores_their_values(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    server = servers(single_server_env)
    [path] = create_session(single_server_env, "buttons", 1)
    page = chromium.new_page()
    page.goto(server.url + path)

    page.click("button[name=offer_accepted][value=False]")
    page.wait_for_selector("text=Pick a hand")
    page.click("button[name=hand][value=scissors]")

    assert page.inner_text("#answers") == "You accepted: False; your hand: scissors"
