"""Every data page, download and export job is for staff with sessions_core.view_session
(change_session implies it, as in Django's admin): anonymous visitors go to the login, a
logged-in user without staff status and staff without the permission get 403."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from sessions_core.models import ExportJob, Session
from tests.conftest import make_session
from tests.permissions import MODEL_PERMISSIONS, admin_client, staff_with

ADMIN = "/admin/sessions_core/session/"
VIEW = "sessions_core.view_session"

# method, path under ADMIN ({pk}: a session, {job}: a finished export job), data, status when let in
ENDPOINTS: list[tuple[str, str, Any, int]] = [
    ("get", "{pk}/data/", None, 200),
    ("get", "{pk}/data/download/wide_csv/", None, 200),
    ("post", "{pk}/data/jobs/", {"format": "wide_csv"}, 302),
    ("get", "types/trust/data/", None, 200),
    ("get", "types/trust/data/download/zip/", None, 200),
    ("post", "types/trust/data/jobs/", {"format": "json"}, 302),
    ("get", "export-jobs/{job}/", None, 200),
    ("get", "export-jobs/{job}/download/", None, 200),
]
IDS = [f"{m.upper()} {p}" for m, p, *_ in ENDPOINTS]


@pytest.fixture
def target(db: None, settings: Any, tmp_path: Path) -> dict[str, int]:
    """A session and a finished export job of it (its file in a temporary export folder)."""
    settings.QUORUM_EXPORT_DIR = tmp_path
    session = make_session("trust", 2)
    job = ExportJob.objects.create(session=session, format="wide_csv", status="done",
                                   file_name="data.csv")
    (tmp_path / str(job.pk)).mkdir()
    (tmp_path / str(job.pk) / "data.csv").write_text("participant.code\n")
    return {"pk": session.pk, "job": job.pk}


def call(client: Client, method: str, path: str, data: Any, target: dict[str, int]) -> Any:
    url = ADMIN + path.format(**target)
    return client.get(url) if method == "get" else client.post(url, data)


@pytest.mark.parametrize("method, path, data, ok", ENDPOINTS, ids=IDS)
def test_staff_with_view_session_gets_in(target: dict[str, int], method: str, path: str,
                                         data: Any, ok: int) -> None:
    for permission in (VIEW, "sessions_core.change_session"):
        response = call(admin_client(staff_with(permission)), method, path, data, target)
        assert response.status_code == ok, permission
        if ok == 302:
            assert "/admin/login/" not in response["Location"]


@pytest.mark.parametrize("method, path, data, ok", ENDPOINTS, ids=IDS)
def test_staff_without_view_session_is_refused(target: dict[str, int], method: str, path: str,
                                               data: Any, ok: int) -> None:
    jobs = ExportJob.objects.count()
    everything_else = [p for p in MODEL_PERMISSIONS
                       if p not in (VIEW, "sessions_core.change_session")]
    for permissions in ([], everything_else):
        response = call(admin_client(staff_with(*permissions)), method, path, data, target)
        assert response.status_code == 403, permissions
    assert ExportJob.objects.count() == jobs


@pytest.mark.parametrize("method, path, data, ok", ENDPOINTS, ids=IDS)
def test_non_staff_get_403_and_anonymous_visitors_go_to_the_login(
        target: dict[str, int], method: str, path: str, data: Any, ok: int) -> None:
    non_staff = admin_client(staff_with(*MODEL_PERMISSIONS, staff=False))
    assert call(non_staff, method, path, data, target).status_code == 403
    response = call(Client(), method, path, data, target)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert ExportJob.objects.count() == 1 and Session.objects.count() == 1
