"""participant.payoff sums the player payoffs; payments are computed when the session ends."""
from __future__ import annotations

from decimal import Decimal

import pytest

from participants.models import Participant
from sessions_core.api import Currency
from sessions_core.db import idmap
from sessions_core.engine.bot_runner import play_session
from sessions_core.experimenter.currency import payment_minor_units
from sessions_core.experimenter.registry import experiment_app
from sessions_core.lifecycle.payoffs import session_compute_payments
from sessions_core.lifecycle.services import session_initialize
from sessions_core.models import Session
from tests.conftest import fresh, make_session, participants_of, player_of, post, visit


@pytest.fixture
def paid_pair(db: None) -> list[Participant]:
    """flowcheck (2 rounds), flowskip, flowend; participant 1 earned 10+5+3+2, participant 2 100."""
    session = make_session("flowcheck", 2)
    session_initialize(session=session)
    first, second = participants_of(session)
    for app, round_number, points in (("flowcheck", 1, 10), ("flowcheck", 2, 5),
                                      ("flowskip", 1, 3), ("flowend", 1, 2)):
        experiment_app(app).Player.objects.filter(
            participant_id=first.pk, round_number=round_number).update(payoff=points)
    experiment_app("flowend").Player.objects.filter(participant_id=second.pk).update(payoff=100)
    return [first, second]


def test_participant_payoff_sums_every_app_and_round(paid_pair: list[Participant]) -> None:
    first, second = paid_pair
    assert fresh(first).payoff == 20
    assert isinstance(fresh(first).payoff, Currency)
    assert fresh(second).payoff == 100


def test_payoff_not_yet_saved_in_this_request_counts(paid_pair: list[Participant]) -> None:
    first = paid_pair[0]
    with idmap.unit_of_work():
        player = idmap.adopt(player_of(first, 2))
        player.payoff = 50
        assert fresh(first).payoff == 65
    assert fresh(first).payoff == 65


def test_payoff_plus_participation_fee_is_real_money(paid_pair: list[Participant]) -> None:
    # fixed_pay 300 (3.00) + 20 points x 0.5 = 13.00
    assert fresh(paid_pair[0]).payoff_plus_participation_fee() == Decimal("13.00")


@pytest.mark.parametrize(("points", "config", "minor_units"), [
    (Decimal(125), {"fixed_pay": 1000, "real_world_currency_per_point": "0.01"}, 1125),
    (Decimal(0), {"fixed_pay": 1000, "real_world_currency_per_point": "0.01"}, 1000),
    (Decimal(3), {"fixed_pay": 0, "real_world_currency_per_point": "0.005"}, 2),  # 1.5 cents
    (Decimal(-40), {"fixed_pay": 500, "real_world_currency_per_point": "0.01"}, 460),
])
def test_payment_is_fixed_pay_plus_points_at_the_rate(points: Decimal, config: dict,
                                                      minor_units: int) -> None:
    assert payment_minor_units(payoff=points, config=config) == minor_units


def test_computing_payments_twice_gives_the_same_result(paid_pair: list[Participant]) -> None:
    session_id = paid_pair[0].session_id
    assert session_compute_payments(session_id=session_id) == 2
    assert session_compute_payments(session_id=session_id) == 2
    # 300 + 20 x 0.5 x 100 and 300 + 100 x 0.5 x 100
    assert [fresh(p).payment for p in paid_pair] == [1300, 5300]


@pytest.mark.django_db(transaction=True)
def test_finishing_the_last_participant_finishes_the_session_and_pays() -> None:
    session = make_session("my_session", 2)
    result = play_session(session, 0)
    assert result.ok, result.error
    stored = Session.objects.get(pk=session.pk)
    assert stored.finished_at is not None
    assert stored.payments_computed_at is not None
    for participant in participants_of(stored):
        # my_session: fixed_pay 1000, 0.01 per point: one point is one cent.
        assert participant.payment == 1000 + int(participant.payoff)
        assert participant.payoff > 0
        apps = ("trust", "ultimatum", "questionnaire")
        assert participant.payoff == sum(player_of(participant, app=a).payoff for a in apps)


@pytest.mark.django_db(transaction=True)
def test_the_session_is_not_finished_while_someone_plays() -> None:
    first, second = participants_of(make_session("questionnaire", 2))
    visit(first)
    visit(second)
    for answers in ({"age": 30, "gender": "Other", "education_years": 12}, {"crt": 1}, {}):
        post(first, answers)
    assert fresh(first).status == Participant.Status.FINISHED
    stored = Session.objects.get(pk=first.session_id)
    assert stored.finished_at is None
    assert fresh(first).payment is None
