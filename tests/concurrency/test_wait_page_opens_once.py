"""Many participants arriving at one wait page at the same moment open it exactly once."""
from __future__ import annotations

from collections import Counter

import pytest

from sessions_core.models import WaitArrival, WaitCompletion
from tests.apps.cc_probe.probe import calls, committed
from tests.concurrency.participant_http import current_token, load, shows, submit_page
from tests.concurrency.threads import run_at_once
from tests.conftest import make_session, participants_of, visit

PEOPLE = 50

BARRIERS = [
    # session type, hook kind recorded by the probe, barriers that must open (probe keys)
    pytest.param("cc_crowd", "crowd_opened", ["1"], id="whole-session-group-of-50"),
    pytest.param("cc_pairs_group", "pair_opened", [str(g) for g in range(1, 26)],
                 id="25-groups-of-2"),
    pytest.param("cc_pairs_all_groups", "all_groups_opened", ["1"],
                 id="wait-for-all-25-groups"),
]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("session_type", "kind", "barriers"), BARRIERS)
def test_simultaneous_arrivals_run_after_all_players_arrive_once_per_barrier(
        session_type: str, kind: str, barriers: list[str]) -> None:
    session = make_session(session_type, PEOPLE)
    people = participants_of(session)
    for participant in people:
        assert shows(load(participant), "arrive")
    token = current_token(people[0])

    responses = run_at_once(PEOPLE, lambda i: submit_page(people[i], token))

    assert all(r.status_code == 200 for r in responses)
    # The last arrival at each barrier is the one request that goes straight through it.
    assert sum(shows(r, "done") for r in responses) == len(barriers)
    assert sum(shows(r, "quorum-wait") for r in responses) == PEOPLE - len(barriers)
    ran_once = Counter({key: 1 for key in barriers})
    assert calls(session, kind) == ran_once, "the hook ran more than once (some runs rolled back?)"
    assert committed(session, kind) == ran_once
    session.refresh_from_db()
    assert session.vars[kind] == len(barriers)
    assert WaitArrival.objects.filter(session=session).count() == PEOPLE
    assert WaitCompletion.objects.filter(session=session).count() == len(barriers)
    for participant in people:
        outcome = visit(participant)
        assert type(outcome.page).__name__ == "Done", f"{participant.name} is still waiting"
    assert calls(session, kind) == ran_once
