"""A lab manager uses the data tab in real Chromium against a real server (daphne, so downloads
go through the ASGI path): opens it from the session's page, sees the trust game's decision in
the app's table, downloads the ZIP and finds it in the wide CSV; then watches an export job that
a worker finishes meanwhile turn into a download link without reloading the page.
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

WAIT = 15_000  # ms
PASSWORD = "a-long-lab-password"

# In the server's database: a lab manager who may view sessions, and a trust session played by
# its bots (trustor sends 37); prints the session's pk and name.
_PLAYED_SESSION = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from sessions_core.engine.bot_runner import play_session
from sessions_core.lifecycle.services import session_create
from experiments.trust.models import Group
user = get_user_model().objects.create_user("manager", password={PASSWORD!r}, is_staff=True)
user.user_permissions.add(Permission.objects.get(content_type__app_label="sessions_core",
                                                 codename="view_session"))
session = session_create(session_type_name="trust", num_participants=2)
assert play_session(session, 0).ok
Group.objects.filter(session=session).update(sent_amount=37)
print(session.pk, session.name)
"""

# A job a worker is running: 1 of 4 units done.
_RUNNING_JOB = """
import sys
import django
django.setup()
from sessions_core.models import ExportJob
job = ExportJob.objects.create(session_id=int(sys.argv[1]), format="wide_csv",
                               status="running", done_units=1, total_units=4)
print(job.pk)
"""

# The worker finishes it: its file in the export folder, the row done.
_FINISH_JOB = """
import sys
import django
django.setup()
from pathlib import Path
from django.conf import settings
from django.utils import timezone
from sessions_core.models import ExportJob
job = ExportJob.objects.get(pk=int(sys.argv[1]))
folder = Path(settings.QUORUM_EXPORT_DIR) / str(job.pk)
folder.mkdir(parents=True)
(folder / "finished.csv").write_text("participant.code\\nfrom-the-job\\n")
ExportJob.objects.filter(pk=job.pk).update(status="done", done_units=4, file_name="finished.csv",
                                           finished_at=timezone.now())
"""


def log_in(browser: Any, server: Server) -> Any:
    page = browser.new_context(accept_downloads=True).new_page()
    page.goto(f"{server.url}/admin/login/")
    page.fill("#id_username", "manager")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{server.url}/admin/", timeout=WAIT)
    return page


def download(page: Any, name: str) -> bytes:
    with page.expect_download(timeout=WAIT) as info:
        page.get_by_role("link", name=name, exact=True).click()
    return Path(info.value.path()).read_bytes()


def test_the_data_tab_in_a_browser(chromium: Any, servers: Callable[[dict[str, str]], Server],
                                   single_server_env: dict[str, str], tmp_path: Path) -> None:
    env = {**single_server_env, "QUORUM_EXPORT_DIR": str(tmp_path / "exports")}
    pk, name = run(env, sys.executable, "-c", _PLAYED_SESSION).split()
    server = servers(env)
    page = log_in(chromium, server)
    page.goto(f"{server.url}/admin/sessions_core/session/{pk}/change/")
    with page.expect_navigation(timeout=WAIT):
        page.locator("#content").get_by_role("link", name="Data", exact=True).first.click()
    table = page.inner_text("#data-table")
    assert "group.sent_amount" in table and "37" in table

    archive = zipfile.ZipFile(io.BytesIO(download(
        page, "Everything, with the data dictionary (ZIP)")))
    wide = list(csv.DictReader(io.StringIO(archive.read("all_apps_wide.csv").decode())))
    assert [row["session.code"] for row in wide] == [name, name]
    assert [row["trust.1.group.sent_amount"] for row in wide] == ["37", "37"]
    assert "data_dictionary.csv" in archive.namelist()

    job = run(env, sys.executable, "-c", _RUNNING_JOB, pk).strip()
    page.reload()
    row = page.locator(f"tr.export-job:has(td:text-is('{job}'))")
    assert "running: 1 of 4 (25 %)" in row.inner_text(timeout=WAIT)
    run(env, sys.executable, "-c", _FINISH_JOB, job)
    row.get_by_role("link", name="finished.csv").wait_for(timeout=WAIT)  # no reload
    assert download(page, "finished.csv") == b"participant.code\nfrom-the-job\n"
