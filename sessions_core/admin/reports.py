"""The admin reports of a session: one tab per app of its SessionType.

Each tab shows, for the round chosen, the app's own report if it has one: the Subsession's
vars_for_admin_report rendered with the template <app>/admin_report.html (where oTree 3 apps
keep it: <app>/templates/<app>/admin_report.html, found by Django's app template loader; or the
project's _templates/<app>/). Without that template, the variables are listed as a table. Then
the default report: a chart per numeric field and round (sessions_core/data/reports.py).
An app's report that raises is shown as its error; the rest of the page still renders.
"""
from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.contrib import admin
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import URLPattern, path

from sessions_core.admin.monitor import viewable_session
from sessions_core.data.reports import app_field_reports
from sessions_core.experimenter.registry import ExperimentApp, experiment_app
from sessions_core.models import Session

log = logging.getLogger(__name__)


def urls(model_admin: admin.ModelAdmin) -> list[URLPattern]:
    """The reports page's URL, under the session's admin (SessionAdmin.get_urls)."""
    view = model_admin.admin_site.admin_view
    return [path("<int:pk>/reports/", view(partial(reports_view, model_admin)),
                 name="sessions_core_session_reports")]


def reports_view(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int) -> HttpResponse:
    session = viewable_session(model_admin, request, pk)
    label = request.GET.get("app") or session.app_sequence[0]
    if label not in session.app_sequence:
        raise Http404(f"session {session.name} has no app {label!r}")
    app = experiment_app(label)
    round_number = _round(request, session, app)
    custom, custom_vars, error = _custom_report(request, session, app, round_number)
    return render(request, "admin/quorum/report.html", {
        **model_admin.admin_site.each_context(request), "opts": Session._meta,
        "title": f"Reports: session {session.name}", "session": session, "tab": "reports",
        "apps": session.app_sequence, "app": label, "round_number": round_number,
        "rounds": range(1, app.num_rounds + 1), "custom": custom, "custom_vars": custom_vars,
        "custom_error": error, "fields": app_field_reports(session=session, app_label=label),
    })


def _round(request: HttpRequest, session: Session, app: ExperimentApp) -> int:
    """The round asked for, else the last round any participant has reached in the app."""
    asked = request.GET.get("round", "")
    if asked:
        if not asked.isdigit() or not 1 <= int(asked) <= app.num_rounds:
            raise Http404(f"app {app.label} has rounds 1 to {app.num_rounds}")
        return int(asked)
    index = session.app_sequence.index(app.label)
    furthest = session.participant_set.aggregate(app_index=Max("app_index"))["app_index"] or 0
    if furthest > index:
        return app.num_rounds
    reached = session.participant_set.filter(app_index=index).exclude(status="new") \
        .aggregate(round_number=Max("round_number"))["round_number"]
    return int(reached or 1)


def _custom_report(request: HttpRequest, session: Session, app: ExperimentApp,
                   round_number: int) -> tuple[str, dict[str, Any], str]:
    """(the app's report as HTML, its variables when it has no template, an error)."""
    subsession = app.Subsession.objects.filter(session_id=session.pk,
                                               round_number=round_number).first()
    if subsession is None:
        return "", {}, ""  # not initialized yet: nothing to report
    try:
        variables = app.call_model_hook(subsession, "vars_for_admin_report") or {}
        template = _template(app)
        if template is None:
            return "", dict(variables), ""
        context = {"subsession": subsession, "session": session, "Constants": app.Constants,
                   "C": app.Constants, "round_number": round_number, **variables}
        return template.render(context, request), {}, ""
    except Exception as error:  # noqa: BLE001  (the app's code: show its error, keep the page)
        log.warning("admin report of app %s in session %s failed: %s: %s", app.label,
                    session.name, type(error).__name__, error)
        return "", {}, f"{type(error).__name__}: {error}"


def _template(app: ExperimentApp) -> Any:
    try:
        return get_template(f"{app.label}/admin_report.html")
    except TemplateDoesNotExist:
        return None
