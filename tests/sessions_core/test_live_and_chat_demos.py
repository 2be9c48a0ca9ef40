"""The bundled demos with live pages and chat play to the end with their bots (every case):
double_auction and live_agreement through call_live_method, prisoner_chat with its chat box on
every decision."""
from __future__ import annotations

from datetime import timedelta

import pytest

from sessions_core.engine.bot_runner import run_bots
from sessions_core.models import GroupStage, Session
from tests.conftest import participants_of, player_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("session_type", "size"), [("prisoner_chat", 2), ("prisoner_chat", 4),
                                                    ("live_agreement", 2), ("live_agreement", 6),
                                                    ("double_auction", 4),
                                                    ("double_auction", 6)])
def test_the_demos_bots_pass(session_type: str, size: int) -> None:
    results = run_bots(session_type, size)
    assert results and all(result.ok for result in results), [r.error for r in results]


def test_the_double_auction_pays_the_traders_at_the_trades_price() -> None:
    [result] = run_bots("double_auction", 4)
    players = [player_of(p) for p in participants_of(Session.objects.get(
        name=result.session_name))]
    buyer, seller = players[0], players[1]
    assert (buyer.is_buyer, seller.is_buyer) == (True, False)
    assert buyer.payoff == buyer.break_even - 90 and seller.payoff == 90 - seller.break_even
    assert [p.traded for p in players] == [True, True, False, False]
    # The market is a group stage with a group timer of market_seconds from its opening.
    [stage] = GroupStage.objects.filter(session__name=result.session_name)
    assert stage.deadline == stage.started_at + timedelta(seconds=120)
