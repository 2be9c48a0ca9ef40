"""The participant's pages: /p/<session_name>/<participant_name>/ and its state for polling."""
from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from participants.eligibility import PARTICIPANT_LINK, EntryRefused, entry_from
from participants.labels import PanelIdentity, panel_identity
from participants.models import Participant
from sessions_core.engine.timers import participant_timer_state
from sessions_core.engine.visit import participant_id_for, participant_visit
from sessions_core.errors import FlowError, InvalidRequest, QuorumError
from sessions_core.lifecycle.joining import (
    participant_enter,
    participant_note_identity,
    participant_note_screen,
)
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
    identity = panel_identity(request.GET)
    if request.method == "GET" and identity.given:
        refusal = _note_panel_identity(request, session_name, participant_name, identity)
        if refusal is not None:
            return refusal
    try:
        # start=False: a participant nobody has entered yet is started only after the entry
        # rules (_enter); anyone else's request is answered here, at no extra cost.
        visit = participant_visit(
            session_name=session_name, participant_name=participant_name, request=request,
            submit_data=request.POST if request.method == "POST" else None, start=False)
        if visit.outcome is None and visit.status == Participant.Status.NEW:
            refusal = _enter(request, visit.participant_id, identity)
            if refusal is not None:
                return refusal
            visit = participant_visit(session_name=session_name,
                                      participant_name=participant_name, request=request)
    except Participant.DoesNotExist:
        return _not_found(request)
    except FlowError as error:
        return render(request, "quorum/message.html",
                      {"title": "Experiment error", "message": str(error)}, status=500)
    return HttpResponse(visit.html, status=200)


def refusal_page(request: HttpRequest, refused: EntryRefused) -> HttpResponse:
    """A refused entry (participants/eligibility.py): logged for the lab manager, and the
    reason shown. Called after the admission rolled back, so the log is all that is written."""
    refused.record()
    return render(request, "quorum/message.html", {
        "title": "You cannot take part", "message": refused.refusal.reason,
    }, status=403)


def _unusable(request: HttpRequest, error: QuorumError) -> HttpResponse:
    return render(request, "quorum/message.html", {
        "title": "This link cannot be used", "message": str(error),
    }, status=409 if error.kind == "conflict" else 400)


def _note_panel_identity(request: HttpRequest, session_name: str, participant_name: str,
                         identity: PanelIdentity) -> HttpResponse | None:
    """An online panel's id in the link's query string becomes the label of a participant
    already entered (one who has a label keeps it); an unusable one refuses the page and
    records nothing. One nobody has entered yet gets it at their entry (_enter)."""
    participant = Participant.objects.filter(session__name=session_name,
                                             name=participant_name).first()
    if participant is None:
        return None  # the visit answers "Link not found"
    if participant.status == Participant.Status.NEW and participant.claimed_at is None:
        return _unusable(request, InvalidRequest(identity.problem)) if identity.problem else None
    try:
        participant_note_identity(participant=participant, identity=identity)
    except QuorumError as error:
        return _unusable(request, error)
    return None


def _enter(request: HttpRequest, participant_id: int,
           identity: PanelIdentity) -> HttpResponse | None:
    """The first request of a participant not started yet: their entry (the entry rules, their
    environment, the panel's id), unless a room or the session-wide link entered them already.
    A refusal or an unusable id answers the request instead, and records nothing but the
    refusal's log."""
    try:
        participant_enter(participant=Participant(pk=participant_id), identity=identity,
                          entry=entry_from(kind=PARTICIPANT_LINK, identity=identity,
                                           user_agent=request.headers.get("User-Agent", "")))
    except EntryRefused as refused:
        return refusal_page(request, refused)
    except QuorumError as error:
        return _unusable(request, error)
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


SCREEN_MAX = 100_000  # pixels: far beyond any screen, small enough to be a sane number


@require_http_methods(["POST"])
def participant_screen(request: HttpRequest, session_name: str,
                       participant_name: str) -> JsonResponse:
    """The page's report of the screen size (static/quorum/screen.js): {"width": w, "height":
    h}, whole numbers of CSS pixels from 1 to SCREEN_MAX, kept in the participant's
    environment. The first report is kept; later ones change nothing. Bad input: 400."""
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"detail": "the body must be JSON"}, status=400)
    if not isinstance(body, dict) or set(body) != {"width", "height"}:
        return JsonResponse({"detail": 'send {"width": <pixels>, "height": <pixels>}'},
                            status=400)
    for key in ("width", "height"):
        value = body[key]
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= SCREEN_MAX:
            return JsonResponse({"detail": f"{key}: a whole number of pixels from 1 to "
                                           f"{SCREEN_MAX}, not {value!r}"}, status=400)
    environment = participant_note_screen(session_name=session_name,
                                          participant_name=participant_name,
                                          width=body["width"], height=body["height"])
    if environment is None:
        return JsonResponse({"detail": "no such participant"}, status=404)
    return JsonResponse({"screen_width": environment["screen_width"],
                         "screen_height": environment["screen_height"]})
