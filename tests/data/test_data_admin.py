"""The data tab in the admin: each app's table a page at a time, a download per format (the same
bytes as the export itself), the same for every session of a SessionType, and export jobs above
the threshold."""
from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path

import pytest
from django.test import Client

from sessions_core.data.exports import EXPORT_FORMATS, export_stream
from sessions_core.models import ExportJob, Session
from tests.data.big_session import big_session
from tests.data.conftest import content, csv_rows, play
from tests.permissions import admin_client, staff_with

ADMIN = "/admin/sessions_core/session/"


@pytest.fixture
def manager(db: None) -> Client:
    """Staff with sessions_core.view_session, and nothing else."""
    return admin_client(staff_with("sessions_core.view_session"))


@pytest.fixture(autouse=True)
def export_dir(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.QUORUM_EXPORT_DIR = tmp_path  # type: ignore[attr-defined]
    return tmp_path


def body(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_the_data_tab_shows_each_apps_table_with_every_column(manager: Client) -> None:
    session = play("my_session")[0]
    page = manager.get(f"{ADMIN}{session.pk}/data/?app=ultimatum").content.decode()
    header, rows = csv_rows(content(export_stream(sessions=[session], format="app_csv",
                                                  app_label="ultimatum")))
    for name in header:
        assert f"<th scope=\"col\">{name}</th>" in page
    for row in rows:
        assert "".join(f"<td>{value}</td>" for value in row.values()) in page
    for label in ("trust", "ultimatum", "questionnaire"):
        assert f'href="?app={label}"' in page
    assert 'aria-current="page">Data</a>' in page  # a tab of the session's pages


def test_the_table_is_paged(manager: Client) -> None:
    session = big_session(60, "public_goods")  # 180 player-rounds: 4 pages of 50
    first = manager.get(f"{ADMIN}{session.pk}/data/").content.decode()
    last = manager.get(f"{ADMIN}{session.pk}/data/?app=public_goods&page=4").content.decode()
    assert "page 1 of 4" in first and first.count("<tr><td>") == 50
    assert "page 4 of 4" in last and last.count("<tr><td>") == 30


@pytest.mark.parametrize("format", [f for f in EXPORT_FORMATS if f != "app_csv"])
def test_each_download_is_the_export_streamed(manager: Client, format: str) -> None:
    session = play("trust")[0]
    page = manager.get(f"{ADMIN}{session.pk}/data/").content.decode()
    url = f"{ADMIN}{session.pk}/data/download/{format}/"
    assert f'href="{url}"' in page
    response = manager.get(url)
    export = export_stream(sessions=[session], format=format)
    assert response.streaming
    assert response["Content-Type"] == export.content_type
    assert response["Content-Disposition"] == f'attachment; filename="{export.filename}"'
    if format == "zip":  # same members, same contents (their times differ)
        got, want = (zipfile.ZipFile(io.BytesIO(data)) for data in (body(response),
                                                                     content(export)))
        assert {n: got.read(n) for n in got.namelist()} == {n: want.read(n) for n in want.namelist()}
    else:
        assert body(response) == content(export)


def test_an_apps_csv_is_downloaded_by_name(manager: Client) -> None:
    session = play("my_session")[0]
    url = f"{ADMIN}{session.pk}/data/download/app_csv/?app=questionnaire"
    assert url.replace("&", "&amp;") in manager.get(f"{ADMIN}{session.pk}/data/").content.decode()
    assert body(manager.get(url)) == content(export_stream(
        sessions=[session], format="app_csv", app_label="questionnaire"))


@pytest.mark.parametrize("path, problem", [
    ("download/excel/", "unknown export format 'excel'"),
    ("download/app_csv/?app=nope", "no app 'nope' in these sessions"),
    ("download/app_csv/", "app_csv needs an app"),
])
def test_a_bad_download_says_why_on_the_data_tab(manager: Client, path: str, problem: str) -> None:
    session = play("trust")[0]
    response = manager.get(f"{ADMIN}{session.pk}/data/{path}", follow=True)
    assert response.redirect_chain[-1][0] == f"{ADMIN}{session.pk}/data/"
    assert html.escape(problem) in response.content.decode()


def test_every_session_of_a_type_is_on_one_page_and_in_one_download(manager: Client) -> None:
    sessions = play("trust")  # two bot cases: two sessions
    page = manager.get(f"{ADMIN}types/trust/data/").content.decode()
    assert all(s.name in page for s in sessions)
    _, rows = csv_rows(body(manager.get(f"{ADMIN}types/trust/data/download/wide_csv/")))
    assert sorted(r["session.code"] for r in rows) == sorted(s.name for s in sessions for _ in "12")
    session_page = manager.get(f"{ADMIN}{sessions[0].pk}/data/").content.decode()
    assert f'href="{ADMIN}types/trust/data/"' in session_page


def test_a_type_with_no_sessions_says_so_and_an_unknown_type_is_not_found(manager: Client) -> None:
    assert "none yet" in manager.get(f"{ADMIN}types/dictator/data/").content.decode()
    assert manager.get(f"{ADMIN}types/no_such_type/data/").status_code == 404


def test_the_session_page_links_to_its_data(manager: Client) -> None:
    session = play("trust")[0]
    page = manager.get(f"{ADMIN}{session.pk}/change/").content.decode()
    assert f'href="{ADMIN}{session.pk}/data/">Data</a>' in page


def test_above_the_threshold_downloads_are_prepared_by_a_job(manager: Client, settings: object,
                                                            export_dir: Path) -> None:
    session = play("trust")[0]
    settings.QUORUM_EXPORT_JOB_THRESHOLD = 1  # type: ignore[attr-defined]
    page = manager.get(f"{ADMIN}{session.pk}/data/").content.decode()
    assert "prepared by a background job" in page
    assert f'href="{ADMIN}{session.pk}/data/download/zip/"' not in page
    assert 'data-format="zip">Prepare</button>' in page

    response = manager.post(f"{ADMIN}{session.pk}/data/jobs/", {"format": "zip"}, follow=True)
    job = ExportJob.objects.get()
    assert (job.session, job.format, job.status) == (session, "zip", ExportJob.Status.DONE)
    assert f"Export job {job.pk} started" in response.content.decode()
    status = manager.get(f"{ADMIN}export-jobs/{job.pk}/").json()
    assert (status["status"], status["percent"], status["done_units"]) == (
        "done", 100, status["total_units"])
    assert status["download_url"] == f"{ADMIN}export-jobs/{job.pk}/download/"
    download = manager.get(status["download_url"])
    assert download["Content-Disposition"] == f'attachment; filename="{job.file_name}"'
    archive = zipfile.ZipFile(io.BytesIO(body(download)))
    assert archive.read("all_apps_wide.csv") == content(
        export_stream(sessions=[session], format="wide_csv"))
    assert (export_dir / str(job.pk) / job.file_name).is_file()


def test_a_job_for_every_session_of_a_type(manager: Client) -> None:
    sessions = play("trust")
    manager.post(f"{ADMIN}types/trust/data/jobs/", {"format": "wide_csv"})
    job = ExportJob.objects.get()
    assert (job.session, job.session_type, job.status) == (None, "trust", "done")
    _, rows = csv_rows(body(manager.get(f"{ADMIN}export-jobs/{job.pk}/download/")))
    assert len(rows) == sum(s.num_participants for s in sessions)
    assert f"{ADMIN}export-jobs/{job.pk}/download/" in manager.get(
        f"{ADMIN}types/trust/data/").content.decode()


def test_a_job_that_cannot_be_made_says_why(manager: Client) -> None:
    session = play("trust")[0]
    response = manager.post(f"{ADMIN}{session.pk}/data/jobs/", {"format": "app_csv"}, follow=True)
    assert "No export job: an export job makes one of" in response.content.decode()
    assert not ExportJob.objects.exists()
    assert manager.get(f"{ADMIN}{session.pk}/data/jobs/").status_code == 405


def test_a_job_without_a_file_has_no_download(manager: Client) -> None:
    session = Session.objects.get(pk=play("trust")[0].pk)
    job = ExportJob.objects.create(session=session, format="zip", status="running")
    assert manager.get(f"{ADMIN}export-jobs/{job.pk}/download/").status_code == 404
    assert manager.get(f"{ADMIN}export-jobs/{job.pk}/").json()["status"] == "running"
    assert manager.get(f"{ADMIN}export-jobs/999999/").status_code == 404


def test_a_running_job_shows_its_progress_before_any_poll(manager: Client) -> None:
    # The page's first HTML says what the poll will say: a test (or a person) reading the row
    # before the first poll answered saw only "running".
    session = Session.objects.get(pk=play("trust")[0].pk)
    ExportJob.objects.create(session=session, format="wide_csv", status="running",
                             done_units=1, total_units=4)
    page = manager.get(f"{ADMIN}{session.pk}/data/").content.decode()
    assert '<span class="job-text">running: 1 of 4 (25 %)</span>' in page
