"""Export jobs: a large export written to a file by a Celery task, with its progress.

The admin streams an export straight to the browser up to QUORUM_EXPORT_JOB_THRESHOLD
participant-rounds (docs/data.md says why that number); above it, it makes an ExportJob, and the
task (data/tasks.py) writes the file under QUORUM_EXPORT_DIR/<job id>/, counting done units as
it goes; the admin polls the job's status and offers the file when it is done.

Progress is written to the job's row (at most a few times a second): the task runs outside any
transaction, so each update is visible to the admin's poll at once, from any process.
"""
from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from sessions_core.data.exports import EXPORT_FORMATS, export_stream
from sessions_core.data.rows import sessions_of_type
from sessions_core.errors import InvalidRequest, NotFound
from sessions_core.experimenter.registry import experiment_apps
from sessions_core.models import ExportJob, Session

log = logging.getLogger(__name__)

# An app's CSV is not made by a job (ExportJob has no app column): the ZIP holds every app's.
JOB_FORMATS = tuple(f for f in EXPORT_FORMATS if f != "app_csv")
PROGRESS_EVERY_SECONDS = 0.5


def participant_rounds(sessions: Sequence[Session]) -> int:
    """The size of an export: each session's participants times its rounds over all its apps
    (no query: the counts are on the session rows and in the apps' Constants)."""
    apps = experiment_apps()
    return sum(s.num_participants * sum(apps[label].num_rounds for label in s.app_sequence
                                        if label in apps)
               for s in sessions)


def export_needs_job(sessions: Sequence[Session]) -> bool:
    return participant_rounds(sessions) > settings.QUORUM_EXPORT_JOB_THRESHOLD


def export_job_sessions(job: ExportJob) -> list[Session]:
    return [job.session] if job.session is not None else sessions_of_type(job.session_type)


def export_job_create(*, format: str, session: Session | None = None, session_type: str = "",
                      user: Any = None) -> ExportJob:
    """A queued job for one session, or every session of session_type (checked as an export
    would be; the caller sends the task)."""
    if format not in JOB_FORMATS:
        raise InvalidRequest(f"an export job makes one of {', '.join(JOB_FORMATS)}, not "
                             f"{format!r}", field="format")
    sessions = [session] if session is not None else sessions_of_type(session_type)
    export_stream(sessions=sessions, format=format)  # raises InvalidRequest; reads nothing
    return ExportJob.objects.create(session=session, session_type=session_type or "",
                                    format=format, requested_by=user)


def export_job_path(job: ExportJob) -> Path:
    """Where the job's file is (once it is done)."""
    if job.status != ExportJob.Status.DONE or not job.file_name:
        raise NotFound(f"export job {job.pk} has no file: it is {job.status}")
    path = _job_dir(job) / job.file_name
    if not path.is_file():
        raise NotFound(f"the file of export job {job.pk} is no longer in the export folder")
    return path


def _job_dir(job: ExportJob) -> Path:
    return Path(settings.QUORUM_EXPORT_DIR) / str(job.pk)


def export_job_run(*, job_id: int) -> bool:
    """Write the job's file, counting progress; claim it first, so that a task delivered twice
    writes it once. False if the job was not queued (gone, running or finished)."""
    if not ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
            status=ExportJob.Status.RUNNING):
        return False
    job = ExportJob.objects.select_related("session").get(pk=job_id)
    try:
        _write(job)
    except Exception as error:  # noqa: BLE001  (the job says what went wrong; the log has the rest)
        log.exception("export job %s failed", job_id)
        shutil.rmtree(_job_dir(job), ignore_errors=True)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.FAILED, error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now())
        return False
    return True


def _write(job: ExportJob) -> None:
    reporter = _Reporter(job.pk)
    export = export_stream(sessions=export_job_sessions(job), format=job.format,
                           progress=reporter.add)
    ExportJob.objects.filter(pk=job.pk).update(total_units=export.count_units())
    folder = _job_dir(job)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"{export.filename}.part"
    with partial.open("wb") as file:
        for chunk in export.chunks:
            file.write(chunk)
    partial.rename(folder / export.filename)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE, file_name=export.filename, finished_at=timezone.now(),
        done_units=F("total_units"))


class _Reporter:
    """Adds done units to the job's row, at most every PROGRESS_EVERY_SECONDS."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.pending = 0
        self.last = time.monotonic()

    def add(self, units: int) -> None:
        self.pending += units
        if time.monotonic() - self.last >= PROGRESS_EVERY_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            ExportJob.objects.filter(pk=self.job_id).update(
                done_units=F("done_units") + self.pending)
        self.pending = 0
        self.last = time.monotonic()


def export_job_fail(*, job: ExportJob, reason: str) -> None:
    """A job whose task could not be sent (the broker is away): it will not run."""
    ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.FAILED, error=reason, finished_at=timezone.now())


def export_job_status(job: ExportJob) -> dict[str, Any]:
    """What the admin's poll shows."""
    percent = 100 if job.status == ExportJob.Status.DONE else (
        min(99, job.done_units * 100 // job.total_units) if job.total_units else 0)
    return {"id": job.pk, "status": job.status, "format": job.format,
            "done_units": job.done_units, "total_units": job.total_units, "percent": percent,
            "file_name": job.file_name, "error": job.error}
