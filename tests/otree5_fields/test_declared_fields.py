"""PARTICIPANT_FIELDS and SESSION_FIELDS: `participant.<name>` and `session.<name>`, set and read
by app code, kept in vars (as oTree keeps them), refused when never set, undeclared or not JSON."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from participants.models import Participant
from sessions_core.api import Currency
from sessions_core.db import idmap
from sessions_core.models import Session
from tests.concurrency.threads import run_at_once
from tests.conftest import fresh, make_session, participants_of
from tests.data.conftest import play


def mapped(model: type, pk: int) -> object:
    """The row as app code gets it: the unit of work's own object."""
    return idmap.adopt(model.objects.get(pk=pk))


def test_fields_set_by_app_code_are_stored_in_vars_and_read_back(db: None) -> None:
    session = play("fieldcheck")[0]  # its bots read them back on every page too
    for participant in participants_of(session):
        n = participant.id_in_session
        assert participant.offers_made == 2
        assert participant.first_offer == {"amount": 5 * n, "round": 1}
        assert participant.vars["offers_made"] == 2  # participant.x is participant.vars['x']
    stored = Session.objects.get(pk=session.pk)
    assert stored.settled_rounds == 4  # two groups, two rounds
    assert stored.declared_values() == {"settled_rounds": 4}


def test_reading_a_field_never_set_raises_the_error_that_names_it(db: None) -> None:
    session = make_session("fieldcheck", 2)
    participant = participants_of(session)[0]
    with pytest.raises(AttributeError, match=r"^participant\.offers_made has not been set yet: "
                                             r"it is declared in PARTICIPANT_FIELDS"):
        participant.offers_made  # noqa: B018
    with pytest.raises(AttributeError, match=r"^session\.settled_rounds has not been set yet"):
        session.settled_rounds  # noqa: B018
    assert not hasattr(participant, "first_offer")
    assert participant.vars.get("offers_made") is None
    assert participant.declared_values() == {"offers_made": None, "first_offer": None}


def test_app_code_that_sets_an_undeclared_name_gets_an_error_and_stores_nothing(db: None) -> None:
    session = make_session("fieldcheck", 2)
    first = participants_of(session)[0]
    with idmap.unit_of_work():
        participant = mapped(Participant, first.pk)
        with pytest.raises(AttributeError, match=r"participant\.nickname is not a field: to store "
                                                 r"a value on the participant, add 'nickname' to "
                                                 r"PARTICIPANT_FIELDS \(declared now: "
                                                 r"offers_made, first_offer\)"):
            participant.nickname = "Ann"  # type: ignore[attr-defined]
        with pytest.raises(AttributeError, match=r"session\.market is not a field: .* add "
                                                 r"'market' to SESSION_FIELDS"):
            mapped(Session, session.pk).market = "open"  # type: ignore[attr-defined]
        participant.offers_made = 1  # a declared one is fine
    assert fresh(first).vars == {"offers_made": 1}
    # Outside app code (a queryset's annotation, set by Django as a row is read) it is allowed.
    annotated = Participant.objects.all()[0]
    annotated.note = "ok"  # type: ignore[attr-defined]


def test_a_value_json_cannot_hold_is_refused_with_a_message_and_changes_nothing(db: None) -> None:
    session = make_session("fieldcheck", 2)
    first = participants_of(session)[0]
    with idmap.unit_of_work():
        participant = mapped(Participant, first.pk)
        with pytest.raises(ValueError, match=r"cannot store Decimal\('1\.5'\) \(Decimal\) in "
                                             r"participant\.offers_made: declared fields are "
                                             r"kept as JSON.*write float\(x\) or str\(x\)"):
            participant.offers_made = Decimal("1.5")
        with pytest.raises(ValueError, match=r"in participant\.offers_made: declared fields"):
            participant.offers_made = Currency(5)
        with pytest.raises(ValueError, match=r"would come back changed \(a tuple as a list"):
            participant.first_offer = (1, 2)
        with pytest.raises(ValueError, match="would come back changed"):
            participant.first_offer = {1: "a"}
        with pytest.raises(ValueError, match="cannot store nan"):
            participant.first_offer = float("nan")
    assert fresh(first).vars == {}


def test_a_field_is_read_under_the_vars_row_lock(db: None) -> None:
    session = make_session("fieldcheck", 2)
    with idmap.unit_of_work() as unit:
        participant = mapped(Participant, participants_of(session)[0].pk)
        key = ("vars-locked", Participant, participant.pk)
        assert key not in unit.lookups
        assert participant.declared_values()["offers_made"] is None
        assert key in unit.lookups  # read through participant.vars: locked and reloaded


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs PostgreSQL (DATABASE_URL=postgres://...): SQLite serializes "
                           "every write transaction, so a pass there would prove nothing")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_read_modify_writes_of_a_session_field_lose_none() -> None:
    session = make_session("fieldcheck", 2)

    def add_one(index: int) -> None:
        with idmap.unit_of_work():
            mine = mapped(Session, session.pk)
            try:
                count = mine.settled_rounds  # type: ignore[attr-defined]
            except AttributeError:
                count = 0
            mine.settled_rounds = count + 1  # type: ignore[attr-defined]

    run_at_once(8, add_one)
    assert Session.objects.get(pk=session.pk).settled_rounds == 8
