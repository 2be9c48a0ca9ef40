"""The participant's pages: /p/<session_name>/<participant_name>/ and its state for polling."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from participants.models import Participant
from sessions_core import idmap
from sessions_core.flow import FlowError, lock_participant, participant_position, show, submit
from sessions_core.forms import SYSTEM_FIELD
from sessions_core.rendering import render_outcome


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "quorum/message.html", {
        "title": "Link not found",
        "message": "This participant link does not exist. Check the link you were given, "
                   "or ask the experimenter for a new one.",
    }, status=404)


@require_http_methods(["GET", "POST"])
def participant_page(request: HttpRequest, session_name: str, participant_name: str) -> HttpResponse:
    def handle() -> str:
        with idmap.unit_of_work():
            participant = lock_participant(session_name, participant_name)
            if request.method == "POST":
                outcome = submit(participant, request.POST.get(SYSTEM_FIELD, ""), request.POST)
            else:
                outcome = show(participant)
            return render_outcome(outcome, request=request)

    try:
        html = idmap.retrying(handle)
    except Participant.DoesNotExist:
        return _not_found(request)
    except FlowError as error:
        return render(request, "quorum/message.html",
                      {"title": "Experiment error", "message": str(error)}, status=500)
    return HttpResponse(html, status=200)


@require_http_methods(["GET"])
def participant_state(request: HttpRequest, session_name: str, participant_name: str) -> JsonResponse:
    """For the slow poll of a waiting page: the position now (passing an open wait page)."""
    try:
        state = participant_position(session_name, participant_name)
    except Participant.DoesNotExist:
        return JsonResponse({"detail": "no such participant"}, status=404)
    return JsonResponse({"status": state["status"], "position": state["position"]})
