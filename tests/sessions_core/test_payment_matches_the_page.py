"""The money a participant's page shows and the payment stored for them are one computation, in
the currency's own minor units (0, 2 or 3 decimal places)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import override_settings

from participants.models import Participant
from sessions_core.experimenter.currency import money_from_minor_units, money_to_minor_units
from sessions_core.experimenter.registry import experiment_app
from sessions_core.lifecycle.payoffs import session_compute_payments
from sessions_core.lifecycle.services import session_initialize
from tests.conftest import fresh, make_session, participants_of


@pytest.fixture
def earner(db: None) -> Participant:
    """A flowcheck participant (fixed_pay 300 minor units, 0.5 per point) who earned 21 points."""
    session = make_session("flowcheck", 2)
    session_initialize(session=session)
    participant = participants_of(session)[0]
    experiment_app("flowcheck").Player.objects.filter(
        participant_id=participant.pk, round_number=1).update(payoff=21)
    return participant


@pytest.mark.parametrize(("places", "units", "amount"), [
    (0, 1000, Decimal("1000")), (2, 1000, Decimal("10.00")), (3, 1000, Decimal("1.000")),
    (2, -40, Decimal("-0.40")),
])
def test_minor_units_convert_to_money_and_back(places: int, units: int, amount: Decimal) -> None:
    with override_settings(REAL_WORLD_CURRENCY_DECIMAL_PLACES=places):
        assert money_from_minor_units(units) == amount
        assert str(money_from_minor_units(units)) == str(amount)
        assert money_to_minor_units(amount) == units


@pytest.mark.parametrize(("places", "payment", "shown"), [
    (0, 300 + 11, Decimal("311")),         # 21 x 0.5 = 10.5 rounds half up to 11 yen
    (2, 300 + 1050, Decimal("13.50")),     # 3.00 + 10.50
    (3, 300 + 10500, Decimal("10.800")),   # 0.300 + 10.500
])
def test_the_page_shows_the_stored_payment(earner: Participant, places: int, payment: int,
                                           shown: Decimal) -> None:
    with override_settings(REAL_WORLD_CURRENCY_DECIMAL_PLACES=places):
        session_compute_payments(session_id=earner.session_id)
        stored = fresh(earner)
        assert stored.payment == payment
        assert stored.payoff_plus_participation_fee() == shown
        assert stored.payoff_plus_participation_fee() == money_from_minor_units(stored.payment)


def test_without_points_the_payoff_is_already_money(earner: Participant) -> None:
    with override_settings(USE_POINTS=False):
        session_compute_payments(session_id=earner.session_id)
        stored = fresh(earner)
        assert stored.payment == 300 + 2100  # 3.00 + 21.00, the rate is for points only
        assert stored.payoff_plus_participation_fee() == Decimal("24.00")
