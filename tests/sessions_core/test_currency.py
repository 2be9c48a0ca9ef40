"""Currency: exact decimal arithmetic, half-up rounding to the points' places, a unit when shown."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import Client
from pytest_django.fixtures import Settings

from sessions_core.api import Currency, c, currency_range
from tests.conftest import make_session, page_name, participants_of, player_of, url_of, visit
from tests.sessions_core.formcheck_steps import reach


@pytest.fixture
def cents(settings: Settings) -> None:
    settings.POINTS_DECIMAL_PLACES = 2


def test_arithmetic_is_exact_decimal(cents: None) -> None:
    assert c(0.1) + c(0.2) == Decimal("0.30")
    assert c("0.10") * 3 == c("0.30")
    assert sum([c(0.1)] * 10, c(0)) == 1


def test_arithmetic_with_numbers_stays_currency() -> None:
    for value in (c(10) + 5, 5 + c(10), c(10) - 2.5, c(10) * 1.5, 30 / c(10), -c(4), abs(c(-4))):
        assert isinstance(value, Currency)
    assert c(10) * 1.5 == 15


def test_values_round_half_up_to_whole_points_by_default() -> None:
    assert c(2.5) == 3
    assert c(0.5) == 1
    assert c(-2.5) == -3
    assert c(2.4999) == 2
    assert c(10) / 3 == 3
    assert c(20) / 3 == 7


def test_values_round_half_up_to_the_configured_places(cents: None) -> None:
    assert c("1.005") == Decimal("1.01")
    assert c(10) / 3 == Decimal("3.33")
    assert c(20) / 3 == Decimal("6.67")


def test_floats_convert_by_their_shortest_decimal(cents: None) -> None:
    # Decimal(1.005) is 1.00499999..., which would round down: Currency reads "1.005".
    assert c(1.005) == Decimal("1.01")


def test_str_has_the_unit() -> None:
    assert str(c(25)) == "25 points"
    assert str(c(1)) == "1 point"
    assert str(c(0)) == "0 points"
    assert f"{c(25)}" == "25 points"
    assert f"{c(25):.1f}" == "25.0"
    assert repr(c(25)) == "Currency(25)"


def test_str_uses_a_custom_points_name(settings: Settings) -> None:
    settings.POINTS_CUSTOM_NAME = "tokens"
    assert str(c(1)) == "1 tokens"
    assert str(c(25)) == "25 tokens"


def test_real_money_shows_the_currency_code(settings: Settings) -> None:
    settings.USE_POINTS = False
    assert str(c(12.5)) == "12.50 EUR"
    assert c("0.125") == Decimal("0.13")


def test_currency_range_is_inclusive_and_currency() -> None:
    values = currency_range(0, 100, 25)
    assert values == [0, 25, 50, 75, 100]
    assert all(isinstance(v, Currency) for v in values)
    assert currency_range(10, 0, -5) == [10, 5, 0]


def test_currency_range_with_fractional_steps_has_no_float_drift(cents: None) -> None:
    values = currency_range(0, 1, 0.1)
    assert len(values) == 11
    assert values[-1] == 1
    assert values[3] == Decimal("0.30")


def test_currency_range_refuses_a_zero_step() -> None:
    with pytest.raises(ValueError, match="increment must not be zero"):
        currency_range(0, 10, 0)


def test_currency_renders_with_its_unit_in_templates() -> None:
    html = Template("{{ amount }}|{{ plain }}").render(Context({"amount": c(40),
                                                                "plain": Decimal(40)}))
    assert html == "40 points|40"


def test_real_world_conversion_uses_the_session_rate(db: None) -> None:
    session = make_session("flowcheck", 2)  # real_world_currency_per_point = 0.5
    assert c(25).to_real_world_currency(session) == Decimal("12.50")


@pytest.mark.django_db
def test_currency_field_reads_back_as_currency() -> None:
    participant = participants_of(make_session("formcheck", 1))[0]
    visit(participant)
    player = player_of(participant)
    player.payoff = 7
    assert isinstance(player.payoff, Currency)
    player.save()
    assert isinstance(player_of(participant).payoff, Currency)
    assert player_of(participant).payoff == 7


@pytest.mark.django_db
def test_player_payoff_renders_as_points_on_a_page() -> None:
    participant = participants_of(make_session("formcheck", 1))[0]
    reach(participant, "Done")
    assert page_name(visit(participant)) == "Done"
    html = Client().get(url_of(participant)).content.decode()
    assert '<span id="payoff">25 points</span>' in html
