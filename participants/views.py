"""The participant's pages: /p/<session_name>/<participant_name>/ and its state for polling."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from participants.labels import panel_identity
from participants.models import Participant
from sessions_core.engine.timers import participant_timer_state
from sessions_core.engine.visit import participant_id_for, participant_visit
from sessions_core.errors import FlowError, QuorumError
from sessions_core.lifecycle.joining import participant_note_identity
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
    if request.method == "GET":
        refusal = _note_panel_identity(request, session_name, participant_name)
        if refusal is not None:
            return refusal
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


def _note_panel_identity(request: HttpRequest, session_name: str,
                         participant_name: str) -> HttpResponse | None:
    """An online panel's id in the link's query string becomes the participant's label (one
    who has a label keeps it); an unusable one refuses the page and records nothing."""
    identity = panel_identity(request.GET)
    if not identity.given:
        return None
    participant = Participant.objects.filter(session__name=session_name,
                                             name=participant_name).first()
    if participant is None:
        return None  # the visit answers "Link not found"
    try:
        participant_note_identity(participant=participant, identity=identity)
    except QuorumError as error:
        return render(request, "quorum/message.html", {
            "title": "This link cannot be used", "message": str(error),
        }, status=409 if error.kind == "conflict" else 400)
    return None


def _head(request: HttpRequest, session_name: str, participant_name: str) -> HttpResponseBase:
    """A HEAD (link previewers, uptime checks) answers as a GET would, without a body, from a
    plain read: it never starts the participant nor initializes the session."""
    if participant_id_for(session_name, participant_name) is None:
        return head_of(_not_found(request))
    return head_without_length()


@require_http_methods(["GET"])
def participant_state(request: HttpRequest, session_name: str, participant_name: str) -> JsonResponse:
    """For the slow poll of a waiting page: the position now (passing an open wait page).
    A poll never starts a participant; one that changes nothing takes no lock."""
    try:
        visit = participant_visit(session_name=session_name, participant_name=participant_name,
                                  start=False, render=False, state_only=True)
    except Participant.DoesNotExist:
        return JsonResponse({"detail": "no such participant"}, status=404)
    return JsonResponse(visit.state)


@require_http_methods(["GET"])
def participant_timer(request: HttpRequest, session_name: str,
                      participant_name: str) -> JsonResponse:
    """How the timer of the participant's page stands, for its countdown (static/quorum/timer.js):
    a plain read, no lock, no change."""
    state = participant_timer_state(session_name, participant_name)
    if state is None:
        return JsonResponse({"detail": "no such participant"}, status=404)
    return JsonResponse(state)
