"""A lab manager downloads an app's ExtraModel table from the data tab in real Chromium against a
real server: the data tab lists the table's CSV beside the app's, and the file holds its rows
(the test app fieldcheck's Note rows, one per round, made by creating_session)."""
from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.servers import Server, run
from tests.e2e.test_browser_data_tab import PASSWORD, WAIT, download, log_in

pytestmark = pytest.mark.e2e

# In the server's database: a lab manager who may view sessions, and an initialized fieldcheck
# session (its creating_session makes a Note per round); prints the session's pk and name.
_INITIALIZED_SESSION = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from sessions_core.lifecycle.services import session_create, session_initialize
user = get_user_model().objects.create_user("manager", password={PASSWORD!r}, is_staff=True)
user.user_permissions.add(Permission.objects.get(content_type__app_label="sessions_core",
                                                 codename="view_session"))
session = session_create(session_type_name="fieldcheck", num_participants=2)
session_initialize(session=session)
print(session.pk, session.name)
"""


def test_an_extra_model_table_is_downloaded_from_the_data_tab(
        chromium: Any, servers: Callable[[dict[str, str]], Server],
        single_server_env: dict[str, str]) -> None:
    pk, name = run(single_server_env, sys.executable, "-c", _INITIALIZED_SESSION).split()
    server = servers(single_server_env)
    page = log_in(chromium, server)
    page.goto(f"{server.url}/admin/sessions_core/session/{pk}/change/")
    with page.expect_navigation(timeout=WAIT):
        page.locator("#content").get_by_role("link", name="Data", exact=True).first.click()
    data = download(page, "App fieldcheck, its Note table, one row per row (ExtraModel, CSV)")
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert [(r["session.code"], r["subsession.round_number"], r["text"]) for r in rows] == [
        (name, "1", "round 1 created"), (name, "2", "round 2 created")]
