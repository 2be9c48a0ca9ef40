"""session_create makes a session and its participant slots in a few bulk queries."""
from __future__ import annotations

import math

import pytest
from django.db import connection
from django.db.models import AutoField
from django.test.utils import CaptureQueriesContext

from participants.models import Participant
from sessions_core.errors import SessionError
from sessions_core.lifecycle.services import session_create
from sessions_core.models import Session
from tests.conftest import make_session, on_postgres, participants_of


def insert_batches(n: int) -> int:
    """How many INSERTs Django needs for n participants on this database.

    bulk_create sends batches of at most 2000 rows (services.participants_add), and fewer when
    the backend limits the parameters of one statement: SQLite allows 999, about 66 rows.
    """
    fields = [f for f in Participant._meta.concrete_fields if not isinstance(f, AutoField)]
    per_batch = min(2000, connection.ops.bulk_batch_size(fields, [Participant()] * n))
    return math.ceil(n / per_batch)


def queries_to_create(n: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        make_session("questionnaire", n)
    return len(queries)


@pytest.mark.django_db
def test_creates_one_participant_slot_per_person_numbered_from_one() -> None:
    session = make_session("questionnaire", 25)
    participants = participants_of(session)
    assert session.num_participants == 25
    assert [p.id_in_session for p in participants] == list(range(1, 26))
    assert len({p.name for p in participants}) == 25
    assert all(p.status == Participant.Status.NEW for p in participants)
    assert not session.initialized


@pytest.mark.django_db
def test_creating_costs_the_same_queries_for_ten_and_a_thousand_participants() -> None:
    small, large = queries_to_create(10), queries_to_create(1000)
    # Everything but the backend's forced INSERT batches is independent of the size.
    assert small - insert_batches(10) == large - insert_batches(1000)
    assert small <= 5
    if on_postgres():
        assert small == large


@pytest.mark.django_db
def test_participant_count_must_fill_whole_groups() -> None:
    with pytest.raises(SessionError) as error:
        session_create(session_type_name="public_goods", num_participants=4)
    assert str(error.value) == ("app 'public_goods' forms groups of 3, so the number of "
                                "participants must be a multiple of 3 (got 4)")
    assert not Session.objects.exists()
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_every_app_of_the_sequence_is_checked_for_whole_groups() -> None:
    # my_session = trust (pairs), ultimatum (pairs), questionnaire (no groups)
    with pytest.raises(SessionError, match="app 'trust' forms groups of 2"):
        session_create(session_type_name="my_session", num_participants=3)


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [0, -2, 2.0, True, "4"])
def test_participant_count_must_be_a_positive_whole_number(bad: object) -> None:
    with pytest.raises(SessionError, match="number of participants must be a whole number"):
        session_create(session_type_name="questionnaire", num_participants=bad)  # type: ignore[arg-type]
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_unknown_session_type_is_refused_by_name() -> None:
    with pytest.raises(SessionError, match="no SessionType 'nope'"):
        session_create(session_type_name="nope", num_participants=2)


@pytest.mark.django_db
def test_session_keeps_its_type_config_with_overrides() -> None:
    session = make_session("public_goods", 3, config={"multiplier": 3})
    assert session.config["multiplier"] == 3
    assert session.config["app_sequence"] == ["public_goods"]
    assert session.config["fixed_pay"] == 500
    assert session.code == session.name
