"""The demo page at /: every SessionType, and one click to a demo session with its links.

For staff, as the admin's pages (anonymous visitors go to the login, other users get 403):
seeing it needs sessions_core.view_session, creating a demo session add_session. A demo
session is a test session (left out of the default session list) labelled "demo", of the
SessionType's demo size.
"""
from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sessions_core.errors import QuorumError
from sessions_core.experimenter.registry import session_type, session_types
from sessions_core.lifecycle.services import session_create_demo
from sessions_core.models import Session


@require_http_methods(["GET", "HEAD", "POST"])
def _demo_index(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _create(request)
    if not request.user.has_perm("sessions_core.view_session"):
        raise PermissionDenied
    return render(request, "admin/quorum/demo.html", {
        **admin.site.each_context(request), "title": "Demo",
        "session_types": session_types(),
        "may_create": request.user.has_perm("sessions_core.add_session"),
    })


def _create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("sessions_core.add_session"):
        raise PermissionDenied
    name = request.POST.get("session_type", "")
    try:
        session_type(name)
        session = session_create_demo(session_type_name=name)
    except (LookupError, QuorumError) as error:
        return render(request, "admin/quorum/demo.html", {
            **admin.site.each_context(request), "title": "Demo", "error": str(error),
            "session_types": session_types(), "may_create": True}, status=400)
    return HttpResponseRedirect(reverse("demo-session", args=[session.name]))


@require_http_methods(["GET", "HEAD"])
def _demo_session(request: HttpRequest, session_name: str) -> HttpResponse:
    if not request.user.has_perm("sessions_core.view_session"):
        raise PermissionDenied
    session = Session.objects.filter(name=session_name).first()
    if session is None:
        raise Http404("no such session")
    links = [(p, request.build_absolute_uri(p.get_absolute_url()))
             for p in session.participant_set.order_by("id_in_session")]
    return render(request, "admin/quorum/demo_session.html", {
        **admin.site.each_context(request), "title": f"Demo session {session.name}",
        "session": session, "participant_links": links,
        "session_wide_link": request.build_absolute_uri(reverse("join", args=[session.name])),
        "admin_url": reverse("admin:sessions_core_session_change", args=[session.pk]),
    })


demo_index = admin.site.admin_view(_demo_index)
demo_session = admin.site.admin_view(_demo_session)
