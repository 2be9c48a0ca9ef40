"""Page timers in real Chromium against a real server: the countdown moves the page on by
itself, a closed browser's page is moved on by the server's own scheduler, and the lab
manager's buttons on the monitor advance participants and pause the timers.

The shorttimer test app's page has a 2-second timer: the one place a test waits for a real
deadline.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import HttpParticipant, Server, create_session, run

pytestmark = pytest.mark.e2e

WAIT = 20_000  # ms: a bound for a page to load or move on, not a pause
PASSWORD = "a-long-lab-password"


def test_the_countdown_moves_the_page_on_by_itself_keeping_what_was_typed(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    # The server fires no deadline itself here: only the page's countdown can move it on.
    server = servers({**single_server_env, "QUORUM_TIMERS_IN_SERVER": "false"})
    [path] = create_session(single_server_env, "shorttimer", 1)
    page = chromium.new_context().new_page()
    page.goto(server.url + path)
    assert page.inner_text("h1") == "Quick"
    left = page.inner_text("#quorum-timer .quorum-timer-left")
    assert left in ("0:02", "0:01"), left
    page.fill("input[name=word]", "typed")
    page.fill("input[name=number]", "42")  # out of range: the timeout stores the default

    page.wait_for_function("document.querySelector('h1').textContent.trim() === 'After'",
                           timeout=WAIT)
    assert page.inner_text("#stored") == "word=typed number=0 timed_out=True"
    assert page.query_selector("#quorum-timer") is None


def test_the_server_moves_on_a_participant_whose_browser_closed(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    server = servers({**single_server_env, "QUORUM_TIMERS_IN_SERVER": "true"})
    [path] = create_session(single_server_env, "shorttimer", 1)
    context = chromium.new_context()
    page = context.new_page()
    page.goto(server.url + path)
    assert page.inner_text("h1") == "Quick"
    context.close()  # the browser is gone before its countdown ends

    participant = HttpParticipant(path)
    for _ in range(100):  # a bound: the 2 s timer and the scheduler's pass
        if "<h1 class=\"page-title\">After</h1>" in participant.get(server):
            break
        time.sleep(0.1)
    html = participant.get(server)
    assert "word= number=0 timed_out=True" in html, server.log()


_MANAGER = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
get_user_model().objects.create_superuser("manager", "m@example.org", {PASSWORD!r})
from sessions_core.models import Session
print(Session.objects.get().pk)
"""


def test_the_monitors_buttons_advance_and_pause(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    server = servers(single_server_env)
    paths = create_session(single_server_env, "timers", 2)
    session_pk = run(single_server_env, sys.executable, "-c", _MANAGER).strip()
    people = [HttpParticipant(p) for p in paths]
    for person in people:
        person.get(server)
    monitor_url = f"{server.url}/admin/sessions_core/session/{session_pk}/monitor/"

    manager = chromium.new_context().new_page()
    manager.goto(f"{server.url}/admin/login/?next=/admin/sessions_core/session/{session_pk}/monitor/")
    manager.fill("#id_username", "manager")
    manager.fill("#id_password", PASSWORD)
    manager.get_by_role("button", name="Log in").click()
    manager.wait_for_url(monitor_url, timeout=WAIT)

    manager.click("#monitor-advance-slowest")
    manager.wait_for_url(monitor_url, timeout=WAIT)
    assert "Advanced 2 participant(s) by one page: P1, P2." in manager.inner_text(".messagelist")
    assert "Task1" in people[0].get(server) and "Task1" in people[1].get(server)

    # The second participant has their page open: advancing them reloads it by itself.
    browser = chromium.new_context().new_page()
    browser.goto(server.url + paths[1])
    assert browser.inner_text("h1") == "Task1"
    # Its socket is open (and has joined the participant's group) before anything is pushed.
    browser.evaluate("new Promise(resolve => window.quorumPage.onOpen(resolve))")
    manager.select_option("#monitor-advance-who", "2")
    manager.click("#monitor-advance-one")
    manager.wait_for_url(monitor_url, timeout=WAIT)
    assert "Advanced P2 by one page: is now at 0-1-2." in manager.inner_text(".messagelist")
    browser.wait_for_function("document.querySelector('h1').textContent.trim() === 'Task2'",
                              timeout=WAIT)

    assert manager.inner_text("#monitor-timers") == "Pause timers"
    manager.click("#monitor-timers")
    manager.wait_for_url(monitor_url, timeout=WAIT)
    assert "Paused the page timers (2 running)." in manager.inner_text(".messagelist")
    assert manager.inner_text("#monitor-timers-state").startswith("Page timers paused since")
    assert "Timer paused:" in people[0].get(server)

    manager.click("#monitor-timers")
    manager.wait_for_url(monitor_url, timeout=WAIT)
    assert "Resumed the page timers (2 paused)." in manager.inner_text(".messagelist")
    assert manager.inner_text("#monitor-timers") == "Pause timers"
    assert "Time left on this page:" in people[0].get(server)
