"""A lab manager watches the live monitor in real Chromium while a participant plays in another
browser: the participant's row moves from page to page, and shows them online, without the
monitor being reloaded.

The lab manager is a staff user with only sessions_core.view_session, logging in through the
admin's login page; the server is daphne (WebSockets for the participant's presence).
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import Server, run

pytestmark = pytest.mark.e2e

WAIT = 20_000  # ms for a page to load or the monitor to catch up (it polls every 2 s)
PASSWORD = "a-long-lab-password"

# In the server's database: the lab manager and a trust session; prints the session's pk and
# each participant's id and link.
_MANAGER_AND_SESSION = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from sessions_core.lifecycle.services import session_create
user = get_user_model().objects.create_user("manager", password={PASSWORD!r}, is_staff=True)
user.user_permissions.add(Permission.objects.get(content_type__app_label="sessions_core",
                                                 codename="view_session"))
session = session_create(session_type_name="trust", num_participants=2)
print(session.pk)
for participant in session.participant_set.order_by("id_in_session"):
    print(participant.pk, participant.get_absolute_url())
"""


def cell(participant_id: str, key: str) -> str:
    return f'#monitor-table tr[data-id="{participant_id}"] td[data-key="{key}"]'


def wait_for_text(page: Any, selector: str, text: str) -> None:
    page.wait_for_function(
        "([selector, text]) => { const el = document.querySelector(selector);"
        " return el !== null && el.textContent.trim() === text; }",
        arg=[selector, text], timeout=WAIT)


def test_the_monitor_row_moves_while_the_participant_plays(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    lines = run(single_server_env, sys.executable, "-c", _MANAGER_AND_SESSION).split("\n")
    session_pk = lines[0].strip()
    trustor_id, trustor_url = lines[1].split()
    server = servers(single_server_env)

    monitor = chromium.new_context().new_page()
    monitor.goto(f"{server.url}/admin/login/?next=/admin/sessions_core/session/{session_pk}/monitor/")
    monitor.fill("#id_username", "manager")
    monitor.fill("#id_password", PASSWORD)
    monitor.get_by_role("button", name="Log in").click()
    monitor.wait_for_url(f"{server.url}/admin/sessions_core/session/{session_pk}/monitor/",
                         timeout=WAIT)
    assert monitor.inner_text(cell(trustor_id, "position")) == "not started"
    assert monitor.inner_text(cell(trustor_id, "online")) == "offline"
    monitor.evaluate("window.quorumNotReloaded = true")

    participant = chromium.new_context().new_page()
    participant.goto(server.url + trustor_url)
    participant.fill("input[name=sent_amount]", "40")

    wait_for_text(monitor, cell(trustor_id, "position"), "trust, round 1, Send")
    wait_for_text(monitor, cell(trustor_id, "online"), "online")
    wait_for_text(monitor, cell(trustor_id, "seen"), "now")
    assert monitor.inner_text(cell(trustor_id, "status")) == "playing"

    with participant.expect_navigation(timeout=WAIT):
        participant.get_by_role("button", name="Next").click()
    participant.wait_for_selector("#quorum-wait", timeout=WAIT)  # waits for the trustee

    wait_for_text(monitor, cell(trustor_id, "position"), "trust, round 1, SendBackWaitPage")
    summary = monitor.inner_text("#monitor-summary")
    assert "1 trust, round 1, SendBackWaitPage" in summary and "1 not started" in summary
    assert monitor.evaluate("window.quorumNotReloaded") is True  # the same page all along

    # Sorting and filtering are the page's own: the filter hides the other participant's row.
    monitor.fill("#monitor-filter", "SendBackWait")
    assert monitor.locator("#monitor-table tbody tr:not([hidden])").count() == 1
    assert monitor.inner_text("#monitor-shown") == "1 of 2 shown"
