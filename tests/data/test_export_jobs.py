"""Export jobs: the task writes the export to a file under QUORUM_EXPORT_DIR, counting done units
as it goes, once however often it is delivered; a failure is recorded, not left running; a job
whose task cannot be sent says why."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from kombu.exceptions import OperationalError

from sessions_core.data import exports, jobs, rows
from sessions_core.data.exports import export_stream
from sessions_core.data.jobs import export_job_create, export_job_path, export_job_run
from sessions_core.data.tasks import export_job_task
from sessions_core.errors import InvalidRequest
from sessions_core.models import ExportJob, Session
from tests.data.big_session import big_session
from tests.data.conftest import content, play
from tests.permissions import admin_client, staff_with


@pytest.fixture(autouse=True)
def export_dir(settings: Any, tmp_path: Path) -> Path:
    settings.QUORUM_EXPORT_DIR = tmp_path / "exports"
    return Path(settings.QUORUM_EXPORT_DIR)


@pytest.fixture
def session(db: None) -> Session:
    return play("trust")[0]


def test_a_job_writes_the_export_to_its_folder(session: Session, export_dir: Path) -> None:
    job = export_job_create(format="json", session=session)
    assert job.status == ExportJob.Status.QUEUED
    assert export_job_task.delay(job.pk).get() is True  # eager: runs here
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.finished_at is not None
    path = export_job_path(job)
    assert path.parent == export_dir / str(job.pk)
    assert path.read_bytes() == content(export_stream(sessions=[session], format="json"))
    assert (job.done_units, job.total_units) == (2, 2)
    assert [p.name for p in path.parent.iterdir()] == [job.file_name]  # no .part left


def test_progress_is_written_as_the_job_goes(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    session = big_session(60, "public_goods")
    monkeypatch.setattr(rows, "PAGE_SIZE", 10)
    monkeypatch.setattr(jobs, "PROGRESS_EVERY_SECONDS", 0)
    job = export_job_create(format="wide_csv", session=session)
    with CaptureQueriesContext(connection) as queries:
        export_job_run(job_id=job.pk)
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")
               and "done_units" in q["sql"] and "total_units" not in q["sql"]]
    assert len(updates) == 6  # one per page of 10 participants
    job.refresh_from_db()
    assert (job.done_units, job.total_units, job.status) == (60, 60, "done")


def test_a_job_runs_once_however_often_its_task_is_delivered(session: Session) -> None:
    job = export_job_create(format="wide_csv", session=session)
    assert export_job_run(job_id=job.pk) is True
    job.refresh_from_db()
    first = export_job_path(job).stat().st_mtime_ns
    assert export_job_run(job_id=job.pk) is False
    assert export_job_path(job).stat().st_mtime_ns == first
    assert export_job_run(job_id=999_999) is False


def test_a_failing_job_is_marked_failed_and_leaves_no_file(
        session: Session, export_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk on fire")
        yield b""

    monkeypatch.setattr(exports, "json_chunks", broken)
    job = export_job_create(format="json", session=session)
    assert export_job_run(job_id=job.pk) is False
    job.refresh_from_db()
    assert (job.status, job.error) == (ExportJob.Status.FAILED, "RuntimeError: disk on fire")
    assert not (export_dir / str(job.pk)).exists()


def test_a_job_of_every_session_of_a_type(db: None) -> None:
    sessions = play("trust")
    job = export_job_create(format="page_times_csv", session_type="trust")
    export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert export_job_path(job).read_bytes() == content(
        export_stream(sessions=sessions, format="page_times_csv"))


@pytest.mark.parametrize("kwargs, message", [
    ({"format": "app_csv", "session_type": "trust"}, "an export job makes one of"),
    ({"format": "xlsx", "session_type": "trust"}, "an export job makes one of"),
    ({"format": "zip", "session_type": "dictator"}, "there are no sessions to export"),
])
def test_a_job_that_cannot_be_made_is_refused(db: None, kwargs: dict[str, str],
                                              message: str) -> None:
    play("trust")
    with pytest.raises(InvalidRequest, match=message):
        export_job_create(**kwargs)
    assert not ExportJob.objects.exists()


def test_when_the_worker_is_unreachable_the_job_fails_with_the_reason(
        session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(export_job_task, "delay", refuse)
    client: Client = admin_client(staff_with("sessions_core.view_session"))
    response = client.post(f"/admin/sessions_core/session/{session.pk}/data/jobs/",
                           {"format": "zip"}, follow=True)
    assert "the task worker (Redis) is unreachable" in response.content.decode()
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED and "Connection refused" in job.error
