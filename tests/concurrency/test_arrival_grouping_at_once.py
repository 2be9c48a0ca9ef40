"""Participants who reach an arrival-time lobby at the same moment, over HTTP: every complete
group forms once, nobody is in two groups, the leftover waits."""
from __future__ import annotations

from collections import Counter

import pytest

from sessions_core.experimenter.registry import experiment_app
from sessions_core.lifecycle.services import session_initialize
from sessions_core.models import WaitArrival, WaitCompletion
from tests.concurrency.participant_http import load, shows
from tests.concurrency.threads import run_at_once
from tests.conftest import make_session, page_name, participants_of, visit


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("session_type", "size", "people"), [
    ("arrival", 2, 21), ("arrival3", 3, 31), ("arrival10", 10, 23)])
def test_simultaneous_arrivals_form_each_group_once(session_type: str, size: int,
                                                    people: int) -> None:
    session = make_session(session_type, people)
    session_initialize(session=session)
    everyone = participants_of(session)

    responses = run_at_once(people, lambda i: load(everyone[i]))

    groups, leftover = people // size, people % size
    assert all(r.status_code == 200 for r in responses)
    # The arrival that completes a group goes straight on; every other one waits.
    assert sum(shows(r, "quorum-wait") for r in responses) == people - groups
    arrivals = WaitArrival.objects.filter(session=session)
    assert arrivals.count() == people
    assert arrivals.filter(grouped=False).count() == leftover
    assert WaitCompletion.objects.filter(session=session).count() == groups
    app = experiment_app(session_type)
    grouped = set(arrivals.filter(grouped=True).values_list("participant_id", flat=True))
    members = Counter(app.Player.objects.filter(participant_id__in=grouped)
                      .values_list("group_id", flat=True))
    assert sorted(members.values()) == [size] * groups
    positions = sorted(app.Player.objects.filter(participant_id__in=grouped)
                       .values_list("group_id", "id_in_group"))
    assert len(set(positions)) == len(positions), "two players share an id_in_group"
    hooks = app.Group.objects.filter(pk__in=members).values_list("formed", flat=True)
    assert list(hooks) == [1] * groups, "a group's after_all_players_arrive ran more or less than once"
    shown = Counter(page_name(visit(p)) for p in everyone)
    assert shown == Counter({"Matched": groups * size, "Lobby": leftover} if leftover
                            else {"Matched": groups * size})
