"""Bots on live pages: the app's call_live_method (oTree's hook) runs once per group when its
first bot lands on a live page; method(id_in_group, data) sends that member's live message
through the same entry as a page's socket and returns the live method's answer."""
from __future__ import annotations

import pytest

from sessions_core.engine.bot_runner import run_bots
from sessions_core.models import ChatMessage, Session
from tests.apps.livecheck import tests as livecheck_bots
from tests.conftest import participants_of, player_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_bots_play_live_pages_with_call_live_method() -> None:
    [result] = run_bots("livecheck", 6)
    assert result.ok, result.error
    session = Session.objects.get(name=result.session_name)
    for participant in participants_of(session):
        player = player_of(participant)
        assert player.group.bids == 3 and player.group.highest == 30
        assert player.bid == {1: 10, 2: 30, 3: 20}[player.id_in_group]
    assert not ChatMessage.objects.exists()


def test_a_failing_expect_in_call_live_method_fails_the_run_and_says_where(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def call_live_method(method, **kwargs):  # noqa: ANN001, ANN003, ANN202
        if kwargs["page_class"].__name__ == "Bid":
            livecheck_bots.expect(method(1, {"amount": 5})[0]["highest"], 6)

    monkeypatch.setattr(livecheck_bots, "call_live_method", call_live_method)
    [result] = run_bots("livecheck", 3)
    assert not result.ok
    assert "on page Bid: expected 5 == 6" in str(result.error)


def test_a_method_on_the_bot_is_used_too_and_an_unknown_member_is_named(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def call_live_method(self, method, **kwargs):  # noqa: ANN001, ANN003, ANN202
        method(4, {"amount": 1})

    monkeypatch.setattr(livecheck_bots.PlayerBot, "call_live_method", call_live_method,
                        raising=False)
    [result] = run_bots("livecheck", 3)
    assert "call_live_method: no player with id_in_group 4 in the group (ids: 1, 2, 3)" in \
        str(result.error)
