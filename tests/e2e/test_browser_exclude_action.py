"""A lab manager excludes a session and a participant from condition balancing by clicking the
admin's "Exclude from balancing…" action in real Chromium against a real server: select the row,
choose the action, Go, give the reason, confirm; a reason of spaces is refused and nothing
changes. The lab manager is staff with exactly the permissions the action needs."""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import Server, run

pytestmark = pytest.mark.e2e

WAIT = 15_000
PASSWORD = "a-long-lab-password"

_SETUP = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from sessions_core.lifecycle.services import session_create
user = get_user_model().objects.create_user("manager", password={PASSWORD!r}, is_staff=True)
for app_label, codename in [("sessions_core", "view_session"), ("sessions_core", "change_session"),
                            ("participants", "view_participant"),
                            ("participants", "change_participant")]:
    user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label,
                                                     codename=codename))
first = session_create(session_type_name="trust", num_participants=2)
other = session_create(session_type_name="trust", num_participants=2)
p1 = first.participant_set.get(id_in_session=1)
print(first.name, first.pk, other.name, p1.pk)
"""

_EXCLUDED = """
import django
django.setup()
from participants.models import Participant
from sessions_core.models import Session
rows = [(s.name, s.excluded_reason) for s in Session.objects.exclude(excluded_at=None)]
rows += [(p.name, p.excluded_reason) for p in Participant.objects.exclude(excluded_at=None)]
print(sorted(rows))
"""


def log_in(browser: Any, server: Server) -> Any:
    page = browser.new_context().new_page()
    page.goto(f"{server.url}/admin/login/")
    page.fill("#id_username", "manager")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{server.url}/admin/", timeout=WAIT)
    return page


def choose_action(page: Any, pk: str, action: str) -> None:
    page.check(f'input[name="_selected_action"][value="{pk}"]')
    page.select_option('select[name="action"]', action)
    with page.expect_navigation(timeout=WAIT):
        page.get_by_role("button", name="Go").click()


def confirm(page: Any, reason: str) -> str:
    page.fill('textarea[name="reason"]', reason)
    with page.expect_navigation(timeout=WAIT):
        page.get_by_role("button", name="Exclude from balancing").click()
    return str(page.inner_text("body"))


def test_excluding_a_session_and_a_participant_by_clicking(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    name, pk, other, participant_pk = run(single_server_env, sys.executable, "-c",
                                          _SETUP).split()
    server = servers(single_server_env)
    page = log_in(chromium, server)

    page.goto(f"{server.url}/admin/sessions_core/session/")
    choose_action(page, pk, "exclude_sessions")
    assert "Exclude sessions from balancing" in page.inner_text("body")
    assert name in page.inner_text("#exclude-objects")
    text = confirm(page, "   ")  # the browser lets spaces through; the server does not
    assert "Give a reason" in text
    assert run(single_server_env, sys.executable, "-c", _EXCLUDED).strip() == "[]"

    text = confirm(page, "fire alarm at minute 10")
    assert "Excluded from balancing:" in text and 'Reason: “fire alarm at minute 10”' in text
    assert page.url.endswith("/admin/sessions_core/session/")

    page.goto(f"{server.url}/admin/participants/participant/")
    choose_action(page, participant_pk, "exclude_participants")
    text = confirm(page, "fell asleep")
    assert f"Excluded from balancing: P1 of session {name}" in text

    excluded = run(single_server_env, sys.executable, "-c", _EXCLUDED).strip()
    assert excluded.startswith("[") and other not in excluded
    assert f"('{name}', 'fire alarm at minute 10')" in excluded and "'fell asleep')" in excluded
