"""Reads for the sessions API: SessionTypes as data, sessions with their counts, participants
with their position by name. No writes, no locks."""
from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from participants.models import Participant
from sessions_core.errors import NotFound
from sessions_core.experimenter.registry import experiment_app, session_type
from sessions_core.experimenter.session_types import SessionType
from sessions_core.lifecycle.services import session_demo_size, session_one_group_size
from sessions_core.models import Session

STARTED = (Participant.Status.PLAYING, Participant.Status.FINISHED)


def session_type_data(st: SessionType) -> dict[str, Any]:
    return {
        "name": st.name, "display_name": st.display_name, "doc": st.doc,
        "app_sequence": list(st.app_sequence), "fixed_pay": st.fixed_pay,
        "real_world_currency_per_point": str(st.real_world_currency_per_point),
        "num_demo_participants": session_demo_size(session_type_name=st.name),
        "participants_multiple_of": session_one_group_size(session_type_name=st.name),
        "config": dict(st.config),
    }


def session_type_named(name: str) -> SessionType:
    try:
        return session_type(name)
    except LookupError:
        raise NotFound(f"no SessionType {name!r}") from None


def sessions_counted() -> QuerySet[Session]:
    """Sessions with how many of their participants started and finished."""
    return Session.objects.annotate(
        participants_started=Count("participant", filter=Q(participant__status__in=STARTED)),
        participants_finished=Count("participant",
                                    filter=Q(participant__status=Participant.Status.FINISHED)),
    ).order_by("-created_at", "-pk")


def session_named(name: str) -> Session:
    session = sessions_counted().filter(name=name).first()
    if session is None:
        raise NotFound(f"no session {name!r}")
    return session


def participant_named(session: Session, name: str) -> Participant:
    participant = session.participant_set.filter(name=name).first()
    if participant is None:
        raise NotFound(f"no participant {name!r} in session {session.name!r}")
    participant.session = session
    return participant


def participant_position(participant: Participant) -> dict[str, Any] | None:
    """Where a playing participant is, by name: {"app", "round", "page"} (None before they
    start and after they finish)."""
    if participant.status != Participant.Status.PLAYING:
        return None
    sequence = participant.session.app_sequence
    app = sequence[participant.app_index] if participant.app_index < len(sequence) else None
    page = None
    if app is not None:
        pages = experiment_app(app).page_sequence
        if participant.page_index < len(pages):
            page = pages[participant.page_index].__name__
    return {"app": app, "round": participant.round_number, "page": page}
