"""The participant's pages: /p/<session_name>/<participant_name>/ and its state for polling."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from participants.models import Participant
from sessions_core.engine.visit import participant_id_for, participant_visit
from sessions_core.errors import FlowError
from sessions_core.web.head import head_of, head_without_length


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "quorum/message.html", {
        "title": "Link not found",
        "message": "This participant link does not exist. Check the link you were given, "
                   "or ask the experimenter for a new one.",
    }, status=404)


@require_http_methods(["GET", "HEAD", "POST"])
def participant_page(request: HttpRequest, session_name: str,
                     participant_name: str) -> HttpResponseBase:
    if request.method == "HEAD":
        return _head(request, session_name, participant_name)
    try:
        visit = participant_visit(
            session_name=session_name, participant_name=participant_name, request=request,
            submit_data=request.POST if request.method == "POST" else None)
    except Participant.DoesNotExist:
        return _not_found(request)
    except FlowError as error:
        return render(request, "quorum/message.html",
                      {"title": "Experiment error", "message": str(error)}, status=500)
    return HttpResponse(visit.html, status=200)


def _head(request: HttpRequest, session_name: str, participant_name: str) -> HttpResponseBase:
    """A HEAD (link previewers, uptime checks) answers as a GET would, without a body, from a
    plain read: it never starts the participant nor initializes the session."""
    if participant_id_for(session_name, participant_name) is None:
        return head_of(_not_found(request))
    return head_without_length()


@require_http_methods(["GET"])
def participant_state(request: HttpRequest, session_name: str, participant_name: str) -> JsonResponse:
    """For the slow poll of a waiting page: the position now (passing an open wait page).
    A poll never starts a participant."""
    try:
        visit = participant_visit(session_name=session_name, participant_name=participant_name,
                                  start=False, render=False)
    except Participant.DoesNotExist:
        return JsonResponse({"detail": "no such participant"}, status=404)
    return JsonResponse(visit.state)
