"""What a bot reads between two yields (self.player, self.participant, self.session) comes from
its participant's last request, not from queries of its own; and it is still current."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection

from sessions_core.engine import bot_runner
from sessions_core.lifecycle.services import session_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def outside_visits(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The SQL the bot runner runs outside participant_visit while a session is played."""
    depth = [0]
    outside: list[str] = []
    visit = bot_runner.participant_visit

    def counted_visit(**kwargs: Any) -> Any:
        depth[0] += 1
        try:
            return visit(**kwargs)
        finally:
            depth[0] -= 1

    def log(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        if not depth[0]:
            outside.append(sql)
        return execute(sql, *args)

    monkeypatch.setattr(bot_runner, "participant_visit", counted_visit)
    with connection.execute_wrapper(log):
        yield outside


def test_a_bot_reads_its_rows_from_the_last_request(outside_visits: list[str]) -> None:
    # botcheck's bot reads self.session.config before its first yield and checks
    # self.player.value right after its own submission (expect(self.player.value, 5)).
    session = session_create(session_type_name="botcheck_ok", num_participants=1)
    outside_visits.clear()
    result = bot_runner.play_session(session, 0)
    assert result.ok, result.error
    assert result.submissions == 3
    reads = [sql for sql in outside_visits if "botcheck_player" in sql
             or "sessions_core_session" in sql]
    assert reads == []


def test_a_bot_sees_its_group_after_the_wait_page(outside_visits: list[str]) -> None:
    # public_goods' bot checks the group's total and its payoff right after the wait page
    # that computes them, and counts its group's players before each round.
    session = session_create(session_type_name="public_goods", num_participants=3)
    outside_visits.clear()
    result = bot_runner.play_session(session, 0)
    assert result.ok, result.error
    assert not [sql for sql in outside_visits if "sessions_core_session" in sql]
