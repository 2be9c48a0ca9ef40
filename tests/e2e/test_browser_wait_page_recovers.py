"""A waiting page in real Chromium moves on even when the push that should move it never
arrives, with the fallback poll held off (servers.py switches it off; the second test also
blocks its address):

- the "advance" push is dropped on its way (the page's WebSocket is routed through the test,
  which forwards everything else): the answer to the page's next ping says "open";
- the page's socket is down while its wait page opens and connects only afterwards: the state
  sent on connect says where the participant is now. Here the wait page was the session's last
  page, so the participant has finished at the wait page's own position and only the status
  says so.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import Server, create_session
from tests.e2e.test_browser_trust import MOVE_ON, RECORD_SOCKET_MESSAGES, SOCKET_HAS_STATE, open_page

pytestmark = pytest.mark.e2e

PARTICIPANT_SOCKET = re.compile(r"/ws/p/")
STATE_POLL = re.compile(r"/state/$")


def test_a_waiting_page_whose_push_is_dropped_moves_on_by_its_next_ping(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    server = servers({**single_server_env, "QUORUM_WAIT_PING_MS": "500"})
    trustor_path, trustee_path = create_session(single_server_env, "trust", 2)
    dropped: list[str] = []

    def drop_pushes(page_side: Any) -> None:
        server_side = page_side.connect_to_server()

        def to_page(message: str | bytes) -> None:
            if json.loads(message).get("type") == "advance":
                dropped.append(str(message))
            else:
                page_side.send(message)

        server_side.on_message(to_page)

    context = chromium.new_context()
    context.add_init_script(RECORD_SOCKET_MESSAGES)
    trustee = context.new_page()
    trustee.route_web_socket(PARTICIPANT_SOCKET, drop_pushes)
    trustee.goto(server.url + trustee_path)
    trustee.wait_for_selector("#quorum-wait")
    trustee.wait_for_function(SOCKET_HAS_STATE, timeout=MOVE_ON)

    trustor = open_page(chromium, server.url + trustor_path)
    trustor.fill('input[name="sent_amount"]', "50")
    trustor.click("#next-button")
    trustor.wait_for_selector("#quorum-wait")

    trustee.wait_for_selector('input[name="sent_back_amount"]', timeout=MOVE_ON)
    assert "you received 150 points" in trustee.inner_text("body")
    assert dropped, "no push was dropped: the page may have moved on by it"


def test_a_page_whose_socket_connects_after_its_last_wait_page_opened_moves_on(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    # A closed socket reconnects after QUORUM_WAIT_POLL_MS: one second here.
    server = servers({**single_server_env, "QUORUM_WAIT_POLL_MS": "1000"})
    first_path, second_path = create_session(single_server_env, "lastwait", 2)
    holding, refused = [True], []

    def hold_until_released(page_side: Any) -> None:
        if holding[0]:
            refused.append(1)
            page_side.close(code=4000)
        else:
            page_side.connect_to_server()

    waiting = chromium.new_context().new_page()
    waiting.route(STATE_POLL, lambda route: route.abort())  # the poll is held off
    waiting.route_web_socket(PARTICIPANT_SOCKET, hold_until_released)
    waiting.goto(server.url + first_path)
    assert "Waiting for everyone to finish." in waiting.inner_text("body")
    for _ in range(MOVE_ON // 100):
        if refused:
            break
        waiting.wait_for_timeout(100)  # lets the page try its socket; bounded by MOVE_ON
    assert refused, "the waiting page never opened its socket"

    last = chromium.new_context().new_page()
    last.goto(server.url + second_path)  # arrives last: the wait page opens, both finish
    assert last.inner_text("#finished") == "You have completed this session."
    holding[0] = False  # the waiting page's next reconnect gets through

    waiting.wait_for_selector("#finished", timeout=MOVE_ON)
