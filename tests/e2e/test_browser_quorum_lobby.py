"""The quorum lobby in real Chromium against daphne: three browsers of a session whose quorum
is 3. The first two wait in the lobby and see the count rise (1, then 2 of 3) as the others
arrive; the third arrival moves all three on to the first page, without anyone reloading. The
waiting pages' ping and poll are off (servers.py), so the pushes must do it."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import Server, create_session
from tests.e2e.test_browser_trust import MOVE_ON, SOCKET_HAS_STATE, open_page

pytestmark = pytest.mark.e2e

COUNT_IS = "(n) => document.getElementById('quorum-present').textContent.trim() === String(n)"
ON_FIRST_PAGE = "() => document.querySelector('input[name=answer]') !== null"


def test_three_browsers_wait_for_the_quorum_and_move_on_together(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    server = servers(single_server_env)
    paths = create_session(single_server_env, "quorum3", 3)

    first = open_page(chromium, server.url + paths[0])
    first.wait_for_selector("#quorum-wait")
    assert first.inner_text("#quorum-count") == "1 of 3 participants present"
    first.wait_for_function(SOCKET_HAS_STATE, timeout=MOVE_ON)

    second = open_page(chromium, server.url + paths[1])
    second.wait_for_selector("#quorum-wait")
    assert second.inner_text("#quorum-count") == "2 of 3 participants present"
    second.wait_for_function(SOCKET_HAS_STATE, timeout=MOVE_ON)
    # The first page counted up by itself (a push: its ping and poll are off).
    first.wait_for_function(COUNT_IS, arg=2, timeout=MOVE_ON)
    assert first.inner_text("#quorum-count") == "2 of 3 participants present"

    third = open_page(chromium, server.url + paths[2])
    third.wait_for_selector('input[name="answer"]')
    assert third.inner_text("h1") == "First page"

    for page in (first, second):
        page.wait_for_function(ON_FIRST_PAGE, timeout=MOVE_ON)
        assert page.inner_text("h1") == "First page"
    # They play on: the first answers and reaches the last page.
    first.fill('input[name="answer"]', "4")
    first.click("#next-button")
    first.wait_for_selector("text=Done.")
