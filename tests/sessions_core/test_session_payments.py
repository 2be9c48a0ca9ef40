"""session_payments: per participant fixed pay, points, variable pay and total in real money, for
finished and unfinished participants; the totals are the exact sums of the rows; the files for
the payments page (CSV) and for online panels (Prolific, MTurk) carry the same amounts; the
participant's own page shows the same money with the currency's symbol."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from pytest_django.fixtures import Settings

from participants.models import Participant
from sessions_core.experimenter.currency import Money, format_money
from sessions_core.experimenter.registry import experiment_app
from sessions_core.lifecycle.payoffs import (
    payments_bonus_file,
    payments_csv,
    session_compute_payments,
    session_payments,
)
from sessions_core.lifecycle.services import session_initialize
from sessions_core.models import Session
from tests.conftest import fresh, make_session, participants_of


def earning(session_type: str, points: list[int]) -> Session:
    """A session whose participants earned these points (in its first app, round 1)."""
    session = make_session(session_type, len(points))
    session_initialize(session=session)
    app = experiment_app(session.app_sequence[0])
    for participant, earned in zip(participants_of(session), points, strict=True):
        app.Player.objects.filter(participant_id=participant.pk, round_number=1).update(
            payoff=earned)
    return session


@pytest.mark.parametrize("points", [[0, 0], [1, 2, 3, 4], [7, 13, 1, 999, 3, 5], [-40, 125]])
def test_the_total_is_the_sum_of_the_participants_totals(db: None, points: list[int]) -> None:
    # flowcheck pays 0.5 per point: odd points give half cents, rounded per participant.
    payments = session_payments(session=earning("flowcheck", points))
    assert payments.total == sum((r.total for r in payments.rows), Decimal(0))
    assert payments.fixed_pay + payments.variable_pay == payments.total
    assert payments.points == sum(points)
    assert all(r.fixed_pay + r.variable_pay == r.total for r in payments.rows)


def test_a_row_is_fixed_pay_plus_points_at_the_rate(db: None) -> None:
    session = earning("flowcheck", [21, 0])  # fixed_pay 300 minor units, 0.5 per point
    first, second = session_payments(session=session).rows
    assert (first.fixed_pay, first.points, first.variable_pay, first.total) == (
        Decimal("3.00"), 21, Decimal("10.50"), Decimal("13.50"))
    assert second.total == Decimal("3.00")
    assert isinstance(first.total, Money) and str(first.total) == "€13.50"


def test_the_rows_match_the_stored_payments_and_the_participants_own_amount(db: None) -> None:
    session = earning("flowcheck", [21, 7])
    session_compute_payments(session_id=session.pk)
    for row, participant in zip(session_payments(session=session).rows,
                                participants_of(session), strict=True):
        stored = fresh(participant)
        assert row.total_units == stored.payment
        assert row.total == stored.payoff_plus_participation_fee()


def test_unfinished_participants_are_paid_too_and_marked(db: None) -> None:
    session = make_session("trust", 4)
    session_initialize(session=session)
    Participant.objects.filter(session=session, id_in_session__lte=2).update(
        status=Participant.Status.FINISHED)
    rows = session_payments(session=session).rows
    assert [r.finished for r in rows] == [True, True, False, False]
    assert session_payments(session=session).unfinished == 2
    assert rows[2].total == Decimal("5.00")  # the fixed pay, nothing earned yet


def test_the_participants_own_page_shows_money_with_its_symbol(db: None) -> None:
    session = earning("flowcheck", [21, 0])
    participant = fresh(participants_of(session)[0])
    amount = participant.payoff_plus_participation_fee()
    assert amount == Decimal("13.50")  # exact, and compares as a number
    shown = Template("{{ participant.payoff_plus_participation_fee }}").render(
        Context({"participant": participant}))
    assert shown == "€13.50"


@pytest.mark.parametrize(("code", "places", "amount", "shown"), [
    ("EUR", 2, Decimal("12.5"), "€12.50"),
    ("USD", 2, Decimal("-0.40"), "-$0.40"),
    ("GBP", 2, Decimal("1234.567"), "£1234.57"),
    ("JPY", 0, Decimal("1500"), "¥1500"),
    ("CHF", 2, Decimal("12.5"), "12.50 CHF"),
    ("chf", 2, Decimal("-3"), "-3.00 CHF"),
])
def test_money_is_formatted_with_the_currencys_symbol_or_its_code(
        settings: Settings, code: str, places: int, amount: Decimal, shown: str) -> None:
    settings.REAL_WORLD_CURRENCY_CODE = code
    settings.REAL_WORLD_CURRENCY_DECIMAL_PLACES = places
    assert format_money(amount) == shown
    assert str(Money(amount)) == shown


def test_the_csv_has_one_row_per_participant_with_bare_amounts(db: None) -> None:
    session = earning("flowcheck", [21, 0])
    lines = payments_csv(payments=session_payments(session=session)).splitlines()
    first = Participant.objects.get(session=session, id_in_session=1)
    assert lines[0] == ("id_in_session,participant_code,participant_label,status,points,"
                        "fixed_pay,variable_pay,total,currency")
    assert lines[1] == f"1,{first.name},,new,21,3.00,10.50,13.50,EUR"
    assert len(lines) == 3


def label_and_store(session: Session, labels: list[str | None],
                    vars_of: dict[int, dict] | None = None) -> None:
    for participant, label in zip(participants_of(session), labels, strict=True):
        participant.label = label
        participant.vars = (vars_of or {}).get(participant.id_in_session, {})
        participant.save(update_fields=["label", "vars"])


def test_the_prolific_bonus_file_lists_labelled_participants_with_a_bonus(db: None) -> None:
    session = earning("flowcheck", [21, 7, 0, 5])
    label_and_store(session, ["5f1a2b", "60ffe5c8", "nobonus", None])
    text = payments_bonus_file(payments=session_payments(session=session), panel="prolific")
    # No header; the variable pay only (the study's reward pays the fixed part); nobody with a
    # zero bonus, nobody without a label.
    assert text == "5f1a2b,10.50\n60ffe5c8,3.50\n"


def test_the_mturk_bonus_file_has_sendbonus_columns(db: None) -> None:
    session = earning("flowcheck", [21, 7])
    label_and_store(session, ["A1WORKER", "A2WORKER"], {1: {"assignmentId": "3ASSIGN"}})
    lines = payments_bonus_file(payments=session_payments(session=session), panel="mturk",
                                reason="Thank you").splitlines()
    assert lines == ["WorkerId,AssignmentId,BonusAmount,Reason",
                     "A1WORKER,3ASSIGN,10.50,Thank you", "A2WORKER,,3.50,Thank you"]


def test_an_unknown_panel_is_refused(db: None) -> None:
    session = earning("flowcheck", [1, 2])
    with pytest.raises(ValueError, match="choose one of prolific, mturk"):
        payments_bonus_file(payments=session_payments(session=session), panel="other")
