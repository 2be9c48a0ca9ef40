"""The lab manager's live controls on a session's monitor: advance the slowest participants,
advance one participant, pause and resume the session's page timers.

Each is a POST from a form on the monitor (templates/admin/quorum/monitor.html) that calls one
service (engine/timeouts.py, lifecycle/deadlines.py) and comes back to the monitor with a
message saying what it did, or why it did nothing. Advancing needs
participants.change_participant; pausing and resuming, sessions_core.change_session.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST

from participants.models import Participant
from sessions_core.engine.timeouts import Advanced, participant_advance, session_advance_slowest
from sessions_core.errors import QuorumError
from sessions_core.lifecycle.deadlines import session_pause_timers, session_resume_timers
from sessions_core.models import Session

ADVANCE_PERMISSION = "participants.change_participant"


def urls(model_admin: admin.ModelAdmin) -> list[URLPattern]:
    """The controls' URLs, under the session's admin (SessionAdmin.get_urls)."""
    view = model_admin.admin_site.admin_view
    return [
        path("<int:pk>/monitor/advance-slowest/",
             view(require_POST(partial(advance_slowest_view, model_admin))),
             name="sessions_core_session_advance_slowest"),
        path("<int:pk>/monitor/advance/", view(require_POST(partial(advance_view, model_admin))),
             name="sessions_core_session_advance"),
        path("<int:pk>/monitor/timers/", view(require_POST(partial(timers_view, model_admin))),
             name="sessions_core_session_timers"),
    ]


def can_advance(request: HttpRequest) -> bool:
    return request.user.has_perm(ADVANCE_PERMISSION)


def can_pause(model_admin: admin.ModelAdmin, request: HttpRequest) -> bool:
    return model_admin.has_change_permission(request)


def _back(session: Session) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:sessions_core_session_monitor", args=[session.pk]))


def _acting(request: HttpRequest, session: Session, action: Callable[[], str]) -> HttpResponseRedirect:
    """Run the action; its sentence, or the refusal's, becomes the monitor's message."""
    try:
        messages.success(request, action())
    except QuorumError as error:
        messages.error(request, str(error))
    return _back(session)


def _who(session: Session, done: list[Advanced]) -> str:
    numbers = dict(session.participant_set.filter(pk__in=[d.participant_id for d in done])
                   .values_list("pk", "id_in_session"))
    return ", ".join(f"P{numbers[d.participant_id]}" for d in done)


def advance_slowest_view(model_admin: admin.ModelAdmin, request: HttpRequest,
                         pk: int) -> HttpResponseRedirect:
    if not can_advance(request):
        raise PermissionDenied
    session = get_object_or_404(Session, pk=pk)

    def act() -> str:
        done = session_advance_slowest(session=session)
        moved = [d for d in done if d.moved]
        stuck = [d for d in done if not d.moved]
        sentence = f"Advanced {len(moved)} participant(s) by one page: {_who(session, moved)}." \
            if moved else "Nobody could be advanced."
        if stuck:
            sentence += f" Waiting for others at a wait page, left there: {_who(session, stuck)}."
        return sentence

    return _acting(request, session, act)


def advance_view(model_admin: admin.ModelAdmin, request: HttpRequest,
                 pk: int) -> HttpResponseRedirect:
    if not can_advance(request):
        raise PermissionDenied
    session = get_object_or_404(Session, pk=pk)
    raw = request.POST.get("participant", "")
    participant = (session.participant_set.filter(id_in_session=int(raw)).first()
                   if raw.isdigit() else None)
    if participant is None:
        messages.error(request, f"No participant number {raw!r} in this session: choose one "
                                "from the list.")
        return _back(session)
    participant.session = session
    return _acting(request, session, lambda: _advanced_one(participant))


def _advanced_one(participant: Participant) -> str:
    done = participant_advance(participant=participant)
    where = "finished the session" if done.status == Participant.Status.FINISHED \
        else f"is now at {done.position}"
    return f"Advanced P{participant.id_in_session} by one page: {where}."


def timers_view(model_admin: admin.ModelAdmin, request: HttpRequest,
                pk: int) -> HttpResponseRedirect:
    if not can_pause(model_admin, request):
        raise PermissionDenied
    session = get_object_or_404(Session, pk=pk)
    action = request.POST.get("action", "")
    if action == "pause":
        return _acting(request, session, lambda: (
            f"Paused the page timers ({session_pause_timers(session=session).changed} running)."))
    if action == "resume":
        return _acting(request, session, lambda: (
            f"Resumed the page timers ({session_resume_timers(session=session).changed} "
            "paused)."))
    messages.error(request, f"Unknown timer action {action!r}: use pause or resume.")
    return _back(session)
