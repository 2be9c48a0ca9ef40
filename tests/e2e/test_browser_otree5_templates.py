"""A page written in oTree 5's template syntax, in the app's folder (tests/apps/otree5_pages),
filled in and sent in a real browser: the fields its `{{ formfield }}` tags wrote, its
`{{ next_button }}`, and the next page's `{{ if }}` and `|escape`."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import Server, create_session

pytestmark = pytest.mark.e2e


def test_a_participant_fills_and_sends_a_page_written_in_otree_syntax(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    server = servers(single_server_env)
    [path] = create_session(single_server_env, "otree5_pages", 1)
    page = chromium.new_page()
    page.goto(server.url + path)

    assert page.inner_text("h1.page-title") == "Decide, oTree syntax"
    assert page.title() == "Decide, oTree syntax"
    assert "These are the instructions (1 of 2 hands)." in page.inner_text("form")
    page.fill("input[name=age]", "17")
    page.select_option("select[name=hand]", "rock")
    page.fill("input[name=note]", "<b>bold</b>")
    page.click("#next-button")

    page.wait_for_selector("text=Results")
    body = page.inner_text("form")
    assert "You are 17, minor, and played rock." in body
    assert "Your note: <b>bold</b>" in body  # shown as text: |escape escaped it
