"""The room's pages: /room/<room_name>/ (GET shows, POST joins) and its state for polling."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from participants.eligibility import ROOM, Entry, EntryRefused, entry_from
from participants.labels import PANEL_LABEL_KEYS, panel_identity
from participants.views import refusal_page
from rooms.models import Room
from rooms.presence import HEARTBEAT_SECONDS
from rooms.services import RoomError, room_admit, room_label_refusal, rooms_ensure_defaults_once
from sessions_core.web.head import head_of

# The room's own `label` first, then an online panel's (participants/labels.py).
ROOM_LABEL_KEYS = ("label", *PANEL_LABEL_KEYS)


def _room_or_none(room_name: str) -> Room | None:
    rooms_ensure_defaults_once()
    return Room.objects.filter(name=room_name).select_related("session").first()


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "quorum/message.html", {
        "title": "Room not found",
        "message": "There is no room at this address. Check the link you were given.",
    }, status=404)


def _welcome(request: HttpRequest, room: Room, error: str = "", label: str = "") -> HttpResponse:
    return render(request, "rooms/welcome.html", {"room": room, "error": error, "label": label},
                  status=400 if error else 200)


def _waiting(request: HttpRequest, room: Room, label: str | None) -> HttpResponse:
    return render(request, "rooms/wait.html", {
        "room": room, "label": label or "", "accepting": room.is_accepting,
        "heartbeat_ms": HEARTBEAT_SECONDS * 1000,
    })


@require_http_methods(["GET", "HEAD", "POST"])
def room_page(request: HttpRequest, room_name: str) -> HttpResponse:
    response = _room_page(request, room_name)
    return head_of(response) if request.method == "HEAD" else response


def _room_page(request: HttpRequest, room_name: str) -> HttpResponse:
    room = _room_or_none(room_name)
    if room is None:
        return _not_found(request)
    # The query string may carry the label (an online panel's id) and Prolific's ids.
    identity = panel_identity(request.GET, label_keys=ROOM_LABEL_KEYS)
    if identity.vars_problem:
        return render(request, "quorum/message.html", {
            "title": "This link cannot be used", "message": identity.vars_problem}, status=400)
    raw = request.POST.get("label") if request.method == "POST" else None
    label = ((raw if raw is not None else identity.label) or "").strip() or None
    if request.method in ("GET", "HEAD"):
        # A GET (or HEAD) creates nothing: link previewers and crawlers only ever see a page.
        refusal = room_label_refusal(room, label)
        if refusal is not None:
            return _welcome(request, room, refusal[1], label or "")
        return _waiting(request, room, label)
    return _join(request, room, label, identity.vars, entry_from(
        kind=ROOM, room=room.name, identity=identity, label=label,
        user_agent=request.headers.get("User-Agent", "")))


SLOT_COOKIE_SALT = "quorum.room-slot"
SLOT_COOKIE_MAX_AGE = 90 * 24 * 3600  # as the session-wide link's: a study may run for weeks


def _slot_cookie(room: Room) -> str:
    """The signed cookie that keeps the slot this browser was given in the room."""
    return f"quorum-room-{room.name}"


def _known_slot(request: HttpRequest, room: Room) -> tuple[str, str] | None:
    known = request.get_signed_cookie(_slot_cookie(room), default=None, salt=SLOT_COOKIE_SALT)
    if known is None or known.count("/") != 1:
        return None
    session_name, participant_name = known.split("/")
    return session_name, participant_name


def _join(request: HttpRequest, room: Room, label: str | None,
          panel_vars: dict[str, Any], entry: Entry) -> HttpResponse:
    try:
        admission = room_admit(room_name=room.name, label=label, room=room,
                               known_slot=_known_slot(request, room), panel_vars=panel_vars,
                               entry=entry)
    except EntryRefused as refused:
        return refusal_page(request, refused)
    except RoomError as error:
        return render(request, "quorum/message.html",
                      {"title": "This room cannot start", "message": str(error)}, status=409)
    if admission.outcome in ("need_label", "bad_label"):
        return _welcome(request, admission.room, admission.message, label or "")
    if admission.outcome == "wait":
        return _waiting(request, admission.room, label)
    if admission.outcome == "full":
        return render(request, "rooms/full.html", {"room": admission.room}, status=423)
    assert admission.participant is not None
    participant = admission.participant
    response = HttpResponseRedirect(participant.get_absolute_url())
    # A cookie, not the Django session: no database row to write for each visitor.
    response.set_signed_cookie(_slot_cookie(room), f"{participant.session.name}/{participant.name}",
                               salt=SLOT_COOKIE_SALT, max_age=SLOT_COOKIE_MAX_AGE, httponly=True,
                               samesite="Lax")
    return response


@require_http_methods(["GET"])
def room_state(request: HttpRequest, room_name: str) -> JsonResponse:
    """For the waiting page's slow poll when its socket is down."""
    room = _room_or_none(room_name)
    if room is None:
        return JsonResponse({"detail": "no such room"}, status=404)
    return JsonResponse({"state": room.state, "accepting": room.is_accepting})
