"""The monitor's message and reload buttons: forms that post here and come back to the monitor
with what happened (engine/messages.py does the pushing). Both need
participants.change_participant, as the REST endpoints do."""
from __future__ import annotations

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST

from participants.models import Participant
from sessions_core.engine.messages import Pushed, participant_reload, participants_message
from sessions_core.errors import QuorumError
from sessions_core.models import Session

PERMISSION = "participants.change_participant"


def urls(model_admin: admin.ModelAdmin) -> list[URLPattern]:
    """The buttons' URLs, under the session's admin (SessionAdmin.get_urls)."""
    view = model_admin.admin_site.admin_view
    return [
        path("<int:pk>/monitor/message/", view(require_POST(partial(message_view, model_admin))),
             name="sessions_core_session_monitor_message"),
        path("<int:pk>/monitor/reload/", view(require_POST(partial(reload_view, model_admin))),
             name="sessions_core_session_monitor_reload"),
    ]


def _session(request: HttpRequest, pk: int) -> Session:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    return get_object_or_404(Session, pk=pk)


def _back(session: Session) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:sessions_core_session_monitor", args=[session.pk]))


def _report(request: HttpRequest, pushed: Pushed, done: str) -> None:
    if pushed.sent:
        messages.success(request, done)
    else:
        messages.error(request, "Could not be sent: the channel layer (Redis) cannot be "
                                "reached. Try again in a moment.")


def message_view(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    code = request.POST.get("participant", "")
    try:
        pushed = participants_message(session=session, text=request.POST.get("text", ""),
                                      participant_codes=[code] if code else None)
    except QuorumError as error:
        messages.error(request, f"The message was not sent: {error}.")
        return _back(session)
    whom = f"participant {code}" if code else f"all {pushed.participants} participants"
    _report(request, pushed, f"Message sent to the open pages of {whom}.")
    return _back(session)


def reload_view(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    code = request.POST.get("participant", "")
    participant = Participant.objects.filter(session=session, name=code).first()
    if participant is None:
        messages.error(request, f"No page was reloaded: no participant {code!r} in this session.")
        return _back(session)
    _report(request, participant_reload(participant=participant),
            f"The page of participant {code} reloads now (if it is open).")
    return _back(session)
