"""Two people play the trust game in real Chromium against a real server process.

The waiting participant's page must move on by itself, by the server's WebSocket push: the test
never reloads a page, and the fallback poll is switched off (QUORUM_WAIT_POLL_MS, servers.py).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import Server, create_session

pytestmark = pytest.mark.e2e

MOVE_ON = 15_000  # ms a page may take to move on by itself

# Records what each page's sockets receive, so a test can wait until a socket is listening.
RECORD_SOCKET_MESSAGES = """
(() => {
  window.__quorumMessages = [];
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener("message", (event) => {
      try { window.__quorumMessages.push(JSON.parse(event.data)); } catch (e) {}
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
})();
"""
SOCKET_HAS_STATE = "() => window.__quorumMessages.some((m) => m.type === 'state')"


def open_page(browser: Any, url: str) -> Any:
    context = browser.new_context()
    context.add_init_script(RECORD_SOCKET_MESSAGES)
    page = context.new_page()
    page.goto(url)
    return page


def test_trust_game_in_two_browsers_moves_waiting_pages_by_websocket_push(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    server = servers(single_server_env)
    trustor_path, trustee_path = create_session(single_server_env, "trust", 2)

    trustee = open_page(chromium, server.url + trustee_path)
    trustee.wait_for_selector("#quorum-wait")
    assert "Waiting for participant A" in trustee.inner_text("body")
    trustee.wait_for_function(SOCKET_HAS_STATE, timeout=MOVE_ON)

    trustor = open_page(chromium, server.url + trustor_path)
    trustor.fill('input[name="sent_amount"]', "50")
    trustor.click("#next-button")
    trustor.wait_for_selector("#quorum-wait")
    assert "Waiting for participant B" in trustor.inner_text("body")
    trustor.wait_for_function(SOCKET_HAS_STATE, timeout=MOVE_ON)

    # The trustee's wait page opens by itself.
    trustee.wait_for_selector('input[name="sent_back_amount"]', timeout=MOVE_ON)
    assert "you received 150 points" in trustee.inner_text("body")
    trustee.fill('input[name="sent_back_amount"]', "20")
    trustee.click("#next-button")
    trustee.wait_for_selector("text=Your payoff is")

    # And so does the trustor's.
    trustor.wait_for_selector("text=Your payoff is", timeout=MOVE_ON)
    assert "Your payoff is 70 points" in trustor.inner_text("body")    # 100 - 50 + 20
    assert "Your payoff is 130 points" in trustee.inner_text("body")   # 50 * 3 - 20

    for page, payoff in [(trustor, "70 points"), (trustee, "130 points")]:
        page.click("#next-button")
        assert page.inner_text("#payoff", timeout=MOVE_ON) == payoff
