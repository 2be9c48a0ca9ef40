"""The data tab: a session's (or every session of a SessionType's) data, seen and downloaded.

Each app's table, one row per player and round, a page at a time; a download link per format,
streamed straight to the browser; above QUORUM_EXPORT_JOB_THRESHOLD participant-rounds an export
job instead (a Celery task writes the file; the page polls its progress and offers the file).

Mounted by SessionAdmin.get_urls (`*data.urls(self)`). Every page needs staff status (the
admin site) and sessions_core.view_session (change_session implies it, as in Django's admin).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST
from kombu.exceptions import OperationalError as BrokerUnreachable

from sessions_core.data.columns import app_columns
from sessions_core.data.exports import export_stream
from sessions_core.data.fields import AppFields, Plan, csv_text, plan_for
from sessions_core.data.http import export_response, file_response
from sessions_core.data.jobs import (
    JOB_FORMATS,
    export_job_create,
    export_job_fail,
    export_job_path,
    export_job_status,
    export_needs_job,
    participant_rounds,
)
from sessions_core.data.rows import app_table, player_rows, sessions_of_type
from sessions_core.data.tasks import export_job_task
from sessions_core.errors import QuorumError
from sessions_core.experimenter.registry import session_type as find_session_type
from sessions_core.models import ExportJob, Session

log = logging.getLogger(__name__)

ROWS_PER_PAGE = 50
FORMAT_LABELS = {
    "wide_csv": "All apps, one row per participant (CSV)",
    "page_times_csv": "Page times (CSV)",
    "chat_csv": "Chat messages (CSV)",
    "logs_csv": "Records the apps logged, participant.log (CSV)",
    "json": "Everything (JSON)",
    "zip": "Everything, with the data dictionary (ZIP)",
}


@dataclass(frozen=True)
class Scope:
    """What a data page shows: one session, or every session of a SessionType."""

    sessions: list[Session]
    session: Session | None
    session_type: str

    @property
    def title(self) -> str:
        if self.session is not None:
            return f"Data of session {self.session.name} ({self.session.session_type})"
        return f"Data of every {self.session_type} session"

    def url(self, name: str, *args: Any) -> str:
        if self.session is not None:
            return reverse(f"admin:sessions_core_session_{name}", args=[self.session.pk, *args])
        return reverse(f"admin:sessions_core_session_type_{name}",
                       args=[self.session_type, *args])

    def jobs(self) -> list[ExportJob]:
        found = (ExportJob.objects.filter(session=self.session) if self.session is not None
                 else ExportJob.objects.filter(session__isnull=True,
                                               session_type=self.session_type))
        return list(found.order_by("-created_at", "-pk")[:10])


def urls(model_admin: admin.ModelAdmin) -> list[URLPattern]:
    return DataPages(model_admin).urls()


class DataPages:
    def __init__(self, model_admin: admin.ModelAdmin) -> None:
        self.model_admin = model_admin

    def urls(self) -> list[URLPattern]:
        """The data pages' URLs; they come before the admin's own `<object_id>/` patterns."""
        view = self.model_admin.admin_site.admin_view
        by_type = "types/<str:session_type>/data/"
        one = "<int:session_id>/data/"
        return [
            path(by_type, view(self.type_page), name="sessions_core_session_type_data"),
            path(f"{by_type}download/<str:format>/", view(self.type_download),
                 name="sessions_core_session_type_data_download"),
            path(f"{by_type}jobs/", view(require_POST(self.type_job)),
                 name="sessions_core_session_type_data_jobs"),
            path(one, view(self.session_page), name="sessions_core_session_data"),
            path(f"{one}download/<str:format>/", view(self.session_download),
                 name="sessions_core_session_data_download"),
            path(f"{one}jobs/", view(require_POST(self.session_job)),
                 name="sessions_core_session_data_jobs"),
            path("export-jobs/<int:job_id>/", view(self.job_status),
                 name="sessions_core_exportjob_status"),
            path("export-jobs/<int:job_id>/download/", view(self.job_download),
                 name="sessions_core_exportjob_download"),
        ]

    # --- finding what is asked for ---

    def _allowed(self, request: HttpRequest) -> None:
        if not self.model_admin.has_view_permission(request):
            raise PermissionDenied

    def _session_scope(self, request: HttpRequest, session_id: int) -> Scope:
        self._allowed(request)
        session = get_object_or_404(Session, pk=session_id)
        return Scope(sessions=[session], session=session, session_type=session.session_type)

    def _type_scope(self, request: HttpRequest, session_type: str) -> Scope:
        self._allowed(request)
        sessions = sessions_of_type(session_type)
        if not sessions:
            try:
                find_session_type(session_type)
            except LookupError:
                raise Http404(f"no SessionType {session_type!r} and no sessions of it") from None
        return Scope(sessions=sessions, session=None, session_type=session_type)

    # --- the pages ---

    def session_page(self, request: HttpRequest, session_id: int) -> HttpResponse:
        return self._page(request, self._session_scope(request, session_id))

    def type_page(self, request: HttpRequest, session_type: str) -> HttpResponse:
        return self._page(request, self._type_scope(request, session_type))

    def _page(self, request: HttpRequest, scope: Scope) -> HttpResponse:
        plan = plan_for(scope.sessions)
        app = plan.app(request.GET.get("app", "")) or (plan.apps[0] if plan.apps else None)
        context = {
            **self.model_admin.admin_site.each_context(request),
            "opts": Session._meta, "title": scope.title, "scope": scope,
            "apps": [a.label for a in plan.apps], "app": app.label if app else None,
            "size": participant_rounds(scope.sessions), "needs_job": export_needs_job(scope.sessions),
            "downloads": self._downloads(scope, plan), "jobs": [self._job_row(j) for j in scope.jobs()],
            "job_url": scope.url("data_jobs"),
            "type_url": reverse("admin:sessions_core_session_type_data",
                                args=[scope.session_type]),
            **(self._table(request, scope, app) if app is not None else {}),
        }
        if scope.session is None:
            return render(request, "admin/quorum/data_type.html", context)
        # A tab of the session's pages (admin/quorum/session_page.html).
        context |= {"session": scope.session, "tab": "data"}
        return render(request, "admin/quorum/data.html", context)

    def _table(self, request: HttpRequest, scope: Scope, app: AppFields) -> dict[str, Any]:
        columns = app_columns(app)
        page = Paginator(app_table(scope.sessions, app), ROWS_PER_PAGE).get_page(
            request.GET.get("page"))
        rows = player_rows(page.object_list, app, scope.sessions)
        return {"columns": [c.name for c in columns], "page": page,
                "rows": [[csv_text(c.value(row)) for c in columns] for row in rows]}

    def _downloads(self, scope: Scope, plan: Plan) -> list[dict[str, str]]:
        found = [{"format": f, "label": FORMAT_LABELS[f], "url": scope.url("data_download", f)}
                 for f in JOB_FORMATS]
        found += [{"format": "app_csv", "label": f"App {a.label}, one row per player and round "
                   "(CSV)", "url": scope.url("data_download", "app_csv") + f"?app={a.label}"}
                  for a in plan.apps]
        found += [{"format": "app_csv", "label": f"App {a.label}, its {t.name} table, one row "
                   "per row (ExtraModel, CSV)",
                   "url": scope.url("data_download", "app_csv") + f"?app={a.label}.{t.name}"}
                  for a in plan.apps for t in a.extra]
        return found

    def _job_row(self, job: ExportJob) -> dict[str, Any]:
        return {**export_job_status(job), "label": FORMAT_LABELS.get(job.format, job.format),
                "created_at": job.created_at,
                "status_url": reverse("admin:sessions_core_exportjob_status", args=[job.pk]),
                "download_url": reverse("admin:sessions_core_exportjob_download", args=[job.pk])}

    # --- downloads ---

    def session_download(self, request: HttpRequest, session_id: int,
                         format: str) -> HttpResponseBase:
        return self._download(request, self._session_scope(request, session_id), format)

    def type_download(self, request: HttpRequest, session_type: str,
                      format: str) -> HttpResponseBase:
        return self._download(request, self._type_scope(request, session_type), format)

    def _download(self, request: HttpRequest, scope: Scope, format: str) -> HttpResponseBase:
        try:
            export = export_stream(sessions=scope.sessions, format=format,
                                   app_label=request.GET.get("app") or None)
        except QuorumError as error:
            messages.error(request, f"No download: {error}.")
            return HttpResponseRedirect(scope.url("data"))
        return export_response(export, request)

    # --- export jobs ---

    def session_job(self, request: HttpRequest, session_id: int) -> HttpResponse:
        return self._start_job(request, self._session_scope(request, session_id))

    def type_job(self, request: HttpRequest, session_type: str) -> HttpResponse:
        return self._start_job(request, self._type_scope(request, session_type))

    def _start_job(self, request: HttpRequest, scope: Scope) -> HttpResponse:
        try:
            job = export_job_create(format=request.POST.get("format", ""), session=scope.session,
                                    session_type="" if scope.session else scope.session_type,
                                    user=request.user)
        except QuorumError as error:
            messages.error(request, f"No export job: {error}.")
            return HttpResponseRedirect(scope.url("data"))
        try:
            # In the embedded default the task runs here, before the redirect.
            export_job_task.delay(job.pk)
        except BrokerUnreachable as error:
            log.warning("export job %s not sent: %s: %s", job.pk, type(error).__name__, error)
            export_job_fail(job=job, reason=f"the task worker (Redis) is unreachable: {error}")
            messages.error(request, "The export could not be started: the task worker (Redis) "
                           f"is unreachable: {error}. Try again once it is back.")
            return HttpResponseRedirect(scope.url("data"))
        messages.info(request, f"Export job {job.pk} started; its progress shows below.")
        return HttpResponseRedirect(scope.url("data") + "#jobs")

    def _job(self, request: HttpRequest, job_id: int) -> ExportJob:
        self._allowed(request)
        return get_object_or_404(ExportJob, pk=job_id)

    def job_status(self, request: HttpRequest, job_id: int) -> JsonResponse:
        """The job's progress, for the data page's poll."""
        return JsonResponse(self._job_row(self._job(request, job_id)))

    def job_download(self, request: HttpRequest, job_id: int) -> HttpResponseBase:
        job = self._job(request, job_id)
        try:
            found = export_job_path(job)
        except QuorumError as error:
            raise Http404(str(error)) from None
        return file_response(found, job.file_name, request)
