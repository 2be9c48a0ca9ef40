"""The members of a group send live messages at the same moment, many times: every message
counts, because a live method runs under the group's row lock (engine/live.py) and so never
reads a group another member's message is changing. Without that lock two members' methods read
the same group.bids and one increment is lost."""
from __future__ import annotations

import pytest

from sessions_core.engine.visit import participant_live
from tests.concurrency.threads import run_at_once
from tests.conftest import make_session, participants_of, player_of, visit

MESSAGES_EACH = 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_live_messages_of_one_group_lose_nothing() -> None:
    members = participants_of(make_session("livecheck", 3))
    for participant in members:
        visit(participant)

    def send(index: int) -> None:
        participant = members[index % 3]
        participant_live(pk=participant.pk, at="0-1-0", data={"amount": index})

    run_at_once(3 * MESSAGES_EACH, send)

    group = player_of(members[0]).group
    assert group.bids == 3 * MESSAGES_EACH
    assert group.highest == 3 * MESSAGES_EACH - 1
