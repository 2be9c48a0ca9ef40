"""Three people wait in a closed room in real Chromium; the lab manager opens it over the REST
API and every waiting page moves on to its own participant page by itself.

The test never reloads or clicks: the pages must go by the RoomStarted push (each page's socket
is listening before the room opens, so room.js's fallback poll, which runs only while the
socket is down, cannot be what moves them).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import Server
from tests.e2e.test_browser_trust import RECORD_SOCKET_MESSAGES
from tests.e2e.test_room_two_processes import call_api, closed_room, staff_token

pytestmark = pytest.mark.e2e

MOVE_ON = 15_000  # ms a page may take to move on by itself
PEOPLE = 3
PARTICIPANT_PAGE = re.compile(r"/p/(?P<session>[a-z0-9]+)/(?P<participant>[a-z0-9]+)/$")
SOCKET_SAYS_WAITING = "() => window.__quorumMessages.some((m) => m.type === 'waiting')"


class WaitingPage:
    """One person's browser on the room link, with every room-socket frame it received."""

    def __init__(self, browser: Any, url: str) -> None:
        self.frames: list[dict[str, Any]] = []
        context = browser.new_context()
        context.add_init_script(RECORD_SOCKET_MESSAGES)
        self.page = context.new_page()
        # Kept on the Python side: a page's own record is lost when it navigates away.
        self.page.on("websocket", lambda socket: socket.on("framereceived", self._frame))
        self.page.goto(url)

    def _frame(self, payload: str | bytes) -> None:
        self.frames.append(json.loads(payload))

    def wait_until_listening(self) -> None:
        self.page.wait_for_function(SOCKET_SAYS_WAITING, timeout=MOVE_ON)


def test_three_waiting_pages_move_to_their_participant_pages_when_the_room_opens(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    server = servers(single_server_env)
    token = staff_token(single_server_env)
    room = closed_room(server, token, config="public_goods")

    people = [WaitingPage(chromium, f"{server.url}/room/{room}/") for _ in range(PEOPLE)]
    for person in people:
        assert "Please wait" in person.page.inner_text("body")
        person.wait_until_listening()
    assert call_api(server, token, "GET", f"/rooms/{room}/online/")["count"] == PEOPLE

    assert call_api(server, token, "PATCH", f"/room/{room}/open/", {"open": True})["open"] is True

    for person in people:
        person.page.wait_for_url(PARTICIPANT_PAGE, timeout=MOVE_ON)
    arrivals = [PARTICIPANT_PAGE.search(person.page.url) for person in people]
    assert all(arrivals)
    session = call_api(server, token, "GET", f"/rooms/{room}/")["session"]
    assert {a["session"] for a in arrivals if a} == {session}
    assert len({a["participant"] for a in arrivals if a}) == PEOPLE
    for person in people:
        assert {"type": "RoomStarted"} in person.frames, person.frames
        person.page.wait_for_selector('input[name="contribution"]', timeout=MOVE_ON)
