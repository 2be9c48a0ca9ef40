"""Turning a flow Outcome into the HTML of the participant's current page."""
from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from participants.models import Participant
from sessions_core.engine import lobby, quorum, waiting
from sessions_core.engine.flow import Outcome, app_at
from sessions_core.engine.notify import participant_socket_path
from sessions_core.engine.timers import remaining_seconds
from sessions_core.experimenter.pages import WaitPage, call_page_method


def page_context(outcome: Outcome) -> dict[str, Any]:
    participant = outcome.participant
    page = outcome.page
    assert page is not None
    constants = app_at(participant).Constants
    context: dict[str, Any] = {
        "Constants": constants,
        "C": constants,  # oTree 5's name
        "player": page.player,
        "group": page.player.group,
        "subsession": page.player.subsession,
        "participant": participant,
        "session": participant.session,
        "view": page,
        "page": page,
        "form": outcome.form,
        "position_token": participant.position_token,
        "state_url": reverse("participant-state", args=[participant.session.name, participant.name]),
        "socket_path": participant_socket_path(participant),
        "poll_ms": settings.QUORUM_WAIT_POLL_MS,
        "ping_ms": settings.QUORUM_WAIT_PING_MS,
    }
    if isinstance(page, WaitPage):
        release_in = waiting.release_in(page)
        context.update(title_text=page.title_text, body_text=page.body_text,
                       lobby_release_in=release_in,
                       lobby_release_clock=None if release_in is None else clock(release_in))
    else:
        context["timer"] = page_timer(participant)
    context["js_vars"] = call_page_method(page, "js_vars", page.player)
    context.update(call_page_method(page, "vars_for_template", page.player) or {})
    return context


def clock(seconds: float) -> str:
    """Seconds left as a countdown shows them, "m:ss", rounded up (what static/quorum/timer.js
    and lobby.js show): the page's first reading, before its script runs or without it."""
    whole = max(0, math.ceil(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def page_timer(participant: Participant) -> dict[str, Any] | None:
    """The page's countdown (templates/quorum/page.html, static/quorum/timer.js): the seconds
    left by the server's clock, whether the session's timers are paused, and where the page
    asks how its timer stands."""
    left = remaining_seconds(participant)
    if left is None:
        return None
    return {"remaining": round(max(0.0, left), 3),
            "clock": clock(left),
            "paused": participant.timeout_remaining is not None,
            "state_url": reverse("participant-timer",
                                 args=[participant.session.name, participant.name])}


def render_outcome(outcome: Outcome, *, request: HttpRequest | None = None) -> str:
    participant = outcome.participant
    if outcome.page is None:
        if participant.released:
            return _released(participant, request)
        if outcome.quorum_lobby is not None:
            return _quorum_lobby(outcome.quorum_lobby, participant, request)
        return render_to_string("quorum/finished.html", {
            "participant": participant, "session": participant.session,
        }, request=request)
    page = outcome.page
    template = page.get_template_name()
    context = page_context(outcome)
    if request is None:
        # Bots post in process, without a browser or a CSRF cookie: any token fills the field.
        context["csrf_token"] = "in-process"
    return render_to_string(template, context, request=request)


def _quorum_lobby(waiting: quorum.QuorumWait, participant: Participant,
                  request: HttpRequest | None) -> str:
    """The quorum lobby (engine/quorum.py): how many are present and needed; it moves on by
    itself (static/quorum/wait.js: the push, the ping, the poll) and counts up as people come."""
    return render_to_string("quorum/quorum_lobby.html", {
        "participant": participant, "session": participant.session, "lobby": waiting,
        "position_token": participant.position_token,
        "state_url": reverse("participant-state", args=[participant.session.name, participant.name]),
        "socket_path": participant_socket_path(participant) + "?quorum=1",
        "poll_ms": settings.QUORUM_WAIT_POLL_MS, "ping_ms": settings.QUORUM_WAIT_PING_MS,
        "lobby_release_in": waiting.release_in,
        "lobby_release_clock": None if waiting.release_in is None else clock(waiting.release_in),
    }, request=request)


def _released(participant: Participant, request: HttpRequest | None) -> str:
    """The last page of a participant released by a lobby timeout: the message and the pay."""
    if participant.started_at is None:  # released from the quorum lobby, before their start
        message = quorum.release_message(participant)
    else:
        page_class = app_at(participant).page_sequence[participant.page_index]
        message = lobby.release_message(
            participant, page_class if issubclass(page_class, WaitPage) else None)
    return render_to_string("quorum/released.html", {
        "participant": participant, "session": participant.session, "message": message,
        "payment": participant.payoff_plus_participation_fee(),
    }, request=request)
