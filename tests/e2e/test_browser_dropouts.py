"""Dropouts in real Chromium against a real server: a participant whose page went silent (here
the server went away under it, as a laptop's network would) is marked as dropped out and their
page times out; the other player goes on; when the page's socket reconnects it shows where the
participant is now, the participant keeps the mark with the time they came back, their next
page waits for them, and the lab manager's monitor says all of it.

Time is moved by hand: the server's own scheduler is off and a separate process makes the
scheduler's pass at a time 61 seconds ahead, with presence saying only the other player was
heard from then. The one real wait is the page's reconnect (its first retry is 10 s after the
socket closed): a bound, not a deadline.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import HttpParticipant, Server, create_session, run

pytestmark = pytest.mark.e2e

WAIT = 20_000  # ms: a bound for a page to load or move on, not a pause
RECONNECT = 45_000  # ms: the page retries 10 s after its socket closed, then 20 s later
PASSWORD = "a-long-lab-password"

_PASS = """
import sys
from datetime import timedelta
import django
django.setup()
from django.utils import timezone
from participants.models import Participant
from sessions_core.engine.visit import participant_dropout
from sessions_core.lifecycle.deadlines import deadlines_fire_due
from sessions_core.lifecycle.dropouts import dropouts_check_due
heard_name, seconds = sys.argv[1], float(sys.argv[2])
moment = timezone.now() + timedelta(seconds=seconds)
heard = {str(p.pk): moment.timestamp() for p in Participant.objects.filter(name=heard_name)}
checked = dropouts_check_due(now=moment, seen=lambda name: heard, mark=participant_dropout)
fired = deadlines_fire_due(now=moment)
print(checked.marked, fired.fired)
"""

_MANAGER = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
get_user_model().objects.create_superuser("manager", "m@example.org", {PASSWORD!r})
from sessions_core.models import Session
print(Session.objects.get().pk)
"""


def name_of(path: str) -> str:
    return path.strip("/").split("/")[-1]


def scheduler_pass(env: dict[str, str], heard: str, seconds: float) -> tuple[int, int]:
    marked, fired = run(env, sys.executable, "-c", _PASS, heard, str(seconds)).split()
    return int(marked), int(fired)


def title_is(page: Any, text: str, timeout: int = WAIT) -> None:
    page.wait_for_function(
        f"document.querySelector('h1') && document.querySelector('h1').textContent.trim() "
        f"=== {text!r}", timeout=timeout)


def test_a_dropout_is_timed_out_comes_back_to_the_current_page_and_shows_in_the_monitor(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    env = {**single_server_env, "QUORUM_TIMERS_IN_SERVER": "false"}
    server = servers(env)
    stays_path, leaves_path = create_session(env, "dropouts", 2)
    session_pk = run(env, sys.executable, "-c", _MANAGER).strip()
    stays = chromium.new_context().new_page()
    leaves = chromium.new_context().new_page()
    for page, path in ((stays, stays_path), (leaves, leaves_path)):
        page.goto(server.url + path)
        assert page.inner_text("h1") == "Choose"
        page.evaluate("new Promise(resolve => window.quorumPage.onOpen(resolve))")

    server.stop()  # the leaving participant's page loses the server, as a sleeping laptop
    assert scheduler_pass(env, heard=name_of(stays_path), seconds=61) == (1, 1)
    server.start()

    # Their page reconnects, learns it is no longer theirs and reloads: the wait page.
    leaves.wait_for_selector("#quorum-wait", timeout=RECONNECT)
    assert stays.inner_text("h1") == "Choose"
    stays.fill("input[name=number]", "4")
    stays.click("button.otree-btn-next, button[type=submit]")
    title_is(stays, "Results")
    title_is(leaves, "Results")  # the wait page opened: pushed, as for anyone

    # Back, their page waits for them: a later pass times nothing out.
    scheduler_pass(env, heard=name_of(stays_path), seconds=600)
    assert '<h1 class="page-title">Results</h1>' in HttpParticipant(leaves_path).get(server)

    manager = chromium.new_context().new_page()
    monitor = f"/admin/sessions_core/session/{session_pk}/monitor/"
    manager.goto(f"{server.url}/admin/login/?next={monitor}")
    manager.fill("#id_username", "manager")
    manager.fill("#id_password", PASSWORD)
    manager.get_by_role("button", name="Log in").click()
    manager.wait_for_url(server.url + monitor, timeout=WAIT)
    status = manager.inner_text("#monitor-table tbody tr[data-id] >> nth=1 >> td[data-key=status]")
    assert status.startswith("playing · dropped out at ") and ", back at " in status, status
    first = manager.inner_text("#monitor-table tbody tr[data-id] >> nth=0 >> td[data-key=status]")
    assert first == "playing"
    manager.fill("#monitor-filter", "dropped")
    assert manager.inner_text("#monitor-shown").startswith("1 of 2")
