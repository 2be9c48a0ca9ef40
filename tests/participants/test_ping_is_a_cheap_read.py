"""A waiting page pings its socket every few seconds: each ping is at most two plain reads, with
no row lock and no transaction (5,000 pings as transactions took 46 s)."""
from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync

from tests.conftest import make_session, participants_of, visit
from tests.participants.test_participant_socket import socket_of
from tests.querylog import logged_queries

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("waiting", [False, True], ids=["on a page", "at a wait page"])
def test_a_ping_is_at_most_two_plain_selects(waiting: bool) -> None:
    first, second = participants_of(make_session("trust", 2))
    visit(first)
    visit(second)  # the trustee waits for the trustor
    pinging = second if waiting else first

    async def scenario() -> None:
        socket = socket_of(pinging)
        assert (await socket.connect())[0]
        await socket.receive_json_from()
        async with logged_queries() as log:
            await socket.send_json_to({"type": "ping"})
            assert (await socket.receive_json_from())["type"] == "state"
        await socket.disconnect()
        assert 1 <= len(log.queries) <= 2, log.queries
        assert all(q.sql.lstrip().upper().startswith("SELECT") for q in log.queries), log.queries
        assert log.locking == [] and log.in_transactions == []

    async_to_sync(scenario)()
