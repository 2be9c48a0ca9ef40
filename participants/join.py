"""The session-wide link: /join/<session_name>/, one URL for every participant of a session.

As oTree's session-wide link, each new browser gets the next free participant slot and a
cookie that brings it back to that slot. A GET hands out nothing (link previewers and crawlers
only ever see a page): it shows a "Joining" page whose form posts back at once, by script, or
by its Continue button without JavaScript; the POST hands out the slot. The query string may
carry an online panel's id (participants/labels.py), recorded as the participant's label.
"""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from participants.eligibility import SESSION_LINK, EntryRefused, entry_from
from participants.labels import panel_identity
from participants.models import Participant
from participants.views import refusal_page
from sessions_core.errors import InvalidRequest
from sessions_core.lifecycle.joining import participant_claim
from sessions_core.models import Session
from sessions_core.web.head import head_of

COOKIE_SALT = "quorum.session-wide-link"
COOKIE_MAX_AGE = 90 * 24 * 3600  # a study may run for weeks; the slot stays the browser's


def cookie_name(session_name: str) -> str:
    return f"quorum-join-{session_name}"


@require_http_methods(["GET", "HEAD", "POST"])
def session_join(request: HttpRequest, session_name: str) -> HttpResponse:
    response = _session_join(request, session_name)
    return head_of(response) if request.method == "HEAD" else response


def _session_join(request: HttpRequest, session_name: str) -> HttpResponse:
    session = Session.objects.filter(name=session_name).first()
    if session is None:
        return _message(request, "Link not found", "This session link does not exist. Check "
                        "the link you were given.", 404)
    known = request.get_signed_cookie(cookie_name(session.name), default=None, salt=COOKIE_SALT)
    if request.method != "POST":
        returning = session.participant_set.filter(name=known).first() if known else None
        if returning is not None:
            return HttpResponseRedirect(returning.get_absolute_url())
        return render(request, "quorum/join.html", {"session": session})
    identity = panel_identity(request.GET)
    entry = entry_from(kind=SESSION_LINK, user_agent=request.headers.get("User-Agent", ""),
                       identity=identity)
    try:
        claim = participant_claim(session=session, identity=identity, known_name=known,
                                  entry=entry)
    except InvalidRequest as error:
        return _message(request, "This link cannot be used", str(error), 400)
    except EntryRefused as refused:
        return refusal_page(request, refused)
    if claim.participant is None:
        return _message(request, "Session full", "Every place in this session is taken. Thank "
                        "you for your interest; please contact the experimenter if you think "
                        "this is a mistake.", 409)
    return _to_slot(claim.participant)


def _to_slot(participant: Participant) -> HttpResponse:
    response = HttpResponseRedirect(participant.get_absolute_url())
    response.set_signed_cookie(cookie_name(participant.session.name), participant.name,
                               salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE, httponly=True,
                               samesite="Lax")
    return response


def _message(request: HttpRequest, title: str, message: str, status: int) -> HttpResponse:
    return render(request, "quorum/message.html", {"title": title, "message": message},
                  status=status)
