"""Shared fixtures. Factories are small functions; fixtures are named for who they are."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from participants.models import Participant
from sessions_core import idmap
from sessions_core.flow import Outcome, lock_participant, position_token, show, submit
from sessions_core.forms import SYSTEM_FIELD
from sessions_core.models import BasePlayer, Session
from sessions_core.registry import experiment_app
from sessions_core.services import session_create


def make_session(session_type: str = "trust", n: int = 2, **kwargs: Any) -> Session:
    return session_create(session_type_name=session_type, num_participants=n, **kwargs)


def participants_of(session: Session) -> list[Participant]:
    return list(session.participant_set.order_by("id_in_session"))


def visit(participant: Participant) -> Outcome:
    """What a participant's GET does, through the flow engine."""
    with idmap.unit_of_work():
        return show(lock_participant(participant.session.name, participant.name))


def post(participant: Participant, data: dict[str, Any], token: str | None = None) -> Outcome:
    """What a participant's form post does; token defaults to the current position."""
    with idmap.unit_of_work():
        locked = lock_participant(participant.session.name, participant.name)
        token = position_token(locked) if token is None else token
        return submit(locked, token, {**data, SYSTEM_FIELD: token})


def timeout(participant: Participant) -> Outcome:
    """What the server does when the participant's page times out."""
    with idmap.unit_of_work():
        locked = lock_participant(participant.session.name, participant.name)
        return submit(locked, position_token(locked), {}, timeout_happened=True)


def url_of(participant: Participant) -> str:
    return f"/p/{participant.session.name}/{participant.name}/"


def fresh(participant: Participant) -> Participant:
    """The participant as stored now."""
    return Participant.objects.select_related("session").get(pk=participant.pk)


def player_of(participant: Participant, round_number: int = 1, app: str | None = None) -> BasePlayer:
    """The participant's player as stored now (in the session's first app unless told)."""
    label = app or participant.session.app_sequence[0]
    return experiment_app(label).Player.objects.get(participant_id=participant.pk,
                                                    round_number=round_number)


def page_name(outcome: Outcome) -> str | None:
    """The name of the page an outcome shows (None once the participant has finished)."""
    return None if outcome.page is None else type(outcome.page).__name__


@pytest.fixture
def session_factory(db: None) -> Callable[..., Session]:
    return make_session


def on_postgres() -> bool:
    return connection.vendor == "postgresql"
