"""A session is initialized once: rows, creating_session per round, new_session, new_player."""
from __future__ import annotations

import pytest

from participants.models import Participant
from sessions_core.lifecycle.services import session_initialize
from sessions_core.models import Session
from tests.apps.flowcheck import models as flowcheck
from tests.conftest import fresh, make_session, page_name, participants_of, visit


@pytest.fixture
def session(db: None) -> Session:
    return make_session("flowcheck", 4)


def test_initialize_creates_rows_for_every_app_and_round(session: Session) -> None:
    assert session_initialize(session=session) is True
    assert flowcheck.Subsession.objects.filter(session=session).count() == 2
    assert flowcheck.Group.objects.filter(session=session).count() == 4  # 2 pairs x 2 rounds
    assert flowcheck.Player.objects.filter(session=session).count() == 8
    assert Session.objects.get(pk=session.pk).initialized


def test_initializing_twice_creates_players_once(session: Session) -> None:
    assert session_initialize(session=session) is True
    assert session_initialize(session=Session.objects.get(pk=session.pk)) is False
    assert session_initialize(session=session) is False
    assert flowcheck.Player.objects.filter(session=session).count() == 8
    assert flowcheck.Subsession.objects.filter(session=session).count() == 2


def test_creating_session_runs_once_per_round(session: Session) -> None:
    session_initialize(session=session)
    session_initialize(session=session)
    stored = Session.objects.get(pk=session.pk)
    assert stored.vars["creating_session_rounds"] == [1, 2]


def test_new_session_hook_runs_once(session: Session) -> None:
    session_initialize(session=session)
    session_initialize(session=session)
    assert Session.objects.get(pk=session.pk).vars["new_session_calls"] == 1


def test_first_page_load_initializes_the_session(session: Session) -> None:
    first, second = participants_of(session)[:2]
    assert page_name(visit(first)) == "Intro"
    stored = Session.objects.get(pk=session.pk)
    assert stored.initialized
    visit(second)
    assert Session.objects.get(pk=session.pk).vars["creating_session_rounds"] == [1, 2]


def test_first_load_runs_new_player_with_the_participant(session: Session) -> None:
    first, second = participants_of(session)[:2]
    visit(second)
    assert fresh(second).vars == {"new_player_id": 2}
    assert fresh(first).vars == {}
    assert fresh(first).status == Participant.Status.NEW
    assert fresh(second).status == Participant.Status.PLAYING


def test_new_player_runs_once_per_participant(session: Session) -> None:
    first = participants_of(session)[0]
    visit(first)
    stored = fresh(first)
    stored.vars["new_player_id"] = "kept"
    stored.save(update_fields=["vars"])
    visit(first)
    assert fresh(first).vars["new_player_id"] == "kept"


def test_default_groups_follow_participant_order(session: Session) -> None:
    session_initialize(session=session)
    subsession = flowcheck.Subsession.objects.get(session=session, round_number=1)
    matrix = [[p.participant.id_in_session for p in row] for row in subsession.get_group_matrix()]
    assert matrix == [[1, 2], [3, 4]]
