"""A participant alone in an arrival-time lobby with a 2-second lobby timeout, in real Chromium
against daphne: the waiting page counts down and moves on by itself to the release message with
the show-up pay. The waiting page's ping and poll are off (servers.py) and so is the server's
deadline scheduler, so the page's own countdown must bring it there."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import Server, create_session
from tests.e2e.test_browser_trust import MOVE_ON, open_page

pytestmark = pytest.mark.e2e


def test_a_lone_participant_is_released_from_the_lobby_by_itself(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    server = servers({**single_server_env, "QUORUM_TIMERS_IN_SERVER": "false"})
    alone_path = create_session(single_server_env, "lobby_short", 4)[0]
    page = open_page(chromium, server.url + alone_path)
    page.click("#next-button")
    page.wait_for_selector("#quorum-wait")
    countdown = page.inner_text("#lobby-countdown-time")
    assert re.fullmatch(r"0:0[12]", countdown), countdown

    page.wait_for_selector("#released", timeout=MOVE_ON)

    assert "We could not form a group for you in time." in page.inner_text("#released")
    assert page.inner_text("#payment").endswith("2.50")
