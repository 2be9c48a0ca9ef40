"""A lab manager's whole journey in real Chromium against a real server (daphne): log in, create a
trust session from the admin's create form, open its live monitor from the session's page, play
the first participant in another page (opened from the monitor's link), watch that participant's
row move on without the monitor being reloaded, then download the session's ZIP from its data tab
and find the participant's answer in it.

The separate tests of each part (test_browser_demo_and_create_session, test_monitor_browser,
test_browser_data_tab) check more detail; this one checks that they join up as a person uses them.
"""
from __future__ import annotations

import csv
import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.servers import Server, run

pytestmark = pytest.mark.e2e

WAIT = 20_000  # ms for a page to load, or for the monitor to catch up
PASSWORD = "a-long-lab-password"
SENT = "43"

_LAB_MANAGER = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
get_user_model().objects.create_superuser("manager", "lab@example.org", {PASSWORD!r})
"""


def wait_for_text(page: Any, selector: str, text: str) -> None:
    page.wait_for_function(
        "([selector, text]) => { const el = document.querySelector(selector);"
        " return el !== null && el.textContent.trim() === text; }",
        arg=[selector, text], timeout=WAIT)


def test_create_monitor_play_and_download(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str], tmp_path: Path) -> None:
    env = {**single_server_env, "QUORUM_EXPORT_DIR": str(tmp_path / "exports")}
    run(env, sys.executable, "-c", _LAB_MANAGER)
    server = servers(env)

    # Log in through the admin's login page.
    admin = chromium.new_context(accept_downloads=True).new_page()
    admin.goto(f"{server.url}/admin/login/")
    admin.fill("#id_username", "manager")
    admin.fill("#id_password", PASSWORD)
    with admin.expect_navigation(timeout=WAIT):
        admin.get_by_role("button", name="Log in").click()

    # Create a session: the Sessions list's add button leads to the two-step create form.
    admin.goto(f"{server.url}/admin/sessions_core/session/")
    with admin.expect_navigation(timeout=WAIT):
        admin.locator("#content").get_by_role("link", name="Add session").click()
    with admin.expect_navigation(timeout=WAIT):
        admin.select_option("#id_session_type", "trust")
    admin.fill("#id_num_participants", "2")
    admin.fill("#id_label", "journey")
    with admin.expect_navigation(timeout=WAIT):
        admin.get_by_role("button", name="Create session").click()
    assert "/change/" in admin.url
    admin.wait_for_function(
        "() => document.getElementById('initialization').textContent === 'Initialized'",
        timeout=WAIT)
    session_page = admin.url

    # Open the monitor from the session's page; mark the page so a reload would show.
    with admin.expect_navigation(timeout=WAIT):
        admin.locator(".object-tools").get_by_role("link", name="Monitor", exact=True).click()
    assert admin.url.endswith("/monitor/")
    row_id = admin.locator('#monitor-table tr:has(td[data-key="n"]:text-is("1"))') \
        .get_attribute("data-id")
    first = f'#monitor-table tr[data-id="{row_id}"]'
    assert admin.inner_text(f'{first} td[data-key="position"]') == "not started"
    admin.evaluate("window.quorumNotReloaded = true")

    # Play participant 1 (the trustor) in another page, opened from the monitor's link.
    with admin.context.expect_page(timeout=WAIT) as opened:
        admin.locator(f'{first} td[data-key="code"] a').click()
    participant = opened.value
    participant.wait_for_load_state()
    participant.fill("input[name=sent_amount]", SENT)
    wait_for_text(admin, f'{first} td[data-key="position"]', "trust, round 1, Send")
    with participant.expect_navigation(timeout=WAIT):
        participant.get_by_role("button", name="Next").click()
    participant.wait_for_selector("#quorum-wait", timeout=WAIT)  # waits for the trustee
    wait_for_text(admin, f'{first} td[data-key="position"]', "trust, round 1, SendBackWaitPage")
    assert admin.evaluate("window.quorumNotReloaded") is True  # the monitor was never reloaded
    code = admin.inner_text(f'{first} td[data-key="code"]').strip()

    # Back on the session's page: the data tab, and the ZIP with the answer in it.
    admin.goto(session_page)
    with admin.expect_navigation(timeout=WAIT):
        admin.locator(".object-tools").get_by_role("link", name="Data", exact=True).click()
    with admin.expect_download(timeout=WAIT) as info:
        admin.get_by_role("link", name="Everything, with the data dictionary (ZIP)",
                          exact=True).click()
    archive = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
    wide = {row["participant.code"]: row for row in csv.DictReader(
        io.StringIO(archive.read("all_apps_wide.csv").decode()))}
    assert wide[code]["trust.1.group.sent_amount"] == SENT
    assert wide[code]["session.label"] == "journey"
