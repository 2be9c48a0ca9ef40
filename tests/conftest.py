"""Shared fixtures. Factories are small functions; fixtures are named for who they are."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from channels.layers import channel_layers
from django.db import connection

from participants.models import Participant
from sessions_core.engine.flow import Outcome
from sessions_core.engine.forms import SYSTEM_FIELD
from sessions_core.engine.visit import Visit, participant_visit
from sessions_core.experimenter.registry import experiment_app
from sessions_core.lifecycle.services import session_create
from sessions_core.models import BasePlayer, Session


@pytest.fixture(autouse=True)
def channel_layer_per_test() -> Iterator[None]:
    """Each test gets a channel layer of its own. Tests run each socket scenario on an event loop
    of its own (async_to_sync), and a Redis layer keeps state bound to the loop it was first
    used on (the lock its receivers share lives until the last receive ends): a socket one test
    left receiving on its closed loop made a later test's sockets fail, depending on the order,
    with "Lock ... is bound to a different event loop". A server has one loop per process."""
    yield
    channel_layers.backends.clear()


def make_session(session_type: str = "trust", n: int = 2, **kwargs: Any) -> Session:
    return session_create(session_type_name=session_type, num_participants=n, **kwargs)


def participants_of(session: Session) -> list[Participant]:
    return list(session.participant_set.order_by("id_in_session"))


def visit(participant: Participant) -> Outcome:
    """What a participant's GET does."""
    return _outcome(participant_visit(pk=participant.pk, render=False))


def post(participant: Participant, data: dict[str, Any], token: str | None = None) -> Outcome:
    """What a participant's form post does; token defaults to the current position."""
    token = fresh(participant).position_token if token is None else token
    return _outcome(participant_visit(pk=participant.pk, submit_data={**data, SYSTEM_FIELD: token},
                                      render=False))


def timeout(participant: Participant) -> Outcome:
    """What the server does when the participant's page times out."""
    return _outcome(participant_visit(pk=participant.pk, submit_data={},
                                      at=fresh(participant).position_token,
                                      timeout_happened=True, render=False))


def _outcome(visit: Visit) -> Outcome:
    assert visit.outcome is not None
    return visit.outcome


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
