"""A fresh session loaded by many participants at the same moment is initialized exactly once."""
from __future__ import annotations

from collections import Counter

import pytest

from participants.models import Participant
from sessions_core.experimenter.registry import experiment_app
from tests.apps.cc_probe.probe import calls, committed
from tests.concurrency.participant_http import load, shows
from tests.concurrency.threads import run_at_once
from tests.conftest import make_session, participants_of

PEOPLE = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_loads_initialize_the_session_once() -> None:
    session = make_session("cc_init", PEOPLE)
    people = participants_of(session)

    responses = run_at_once(PEOPLE, lambda i: load(people[i]))

    assert all(shows(r, "start") for r in responses)
    session.refresh_from_db()
    assert session.initialized
    ids = {p.pk for p in people}
    for label, rounds, groups_per_round in [("cc_rounds", 3, PEOPLE // 2), ("cc_crowd", 1, 1)]:
        app = experiment_app(label)
        assert app.Subsession.objects.filter(session=session).count() == rounds, label
        assert app.Group.objects.filter(session=session).count() == rounds * groups_per_round, label
        players = list(app.Player.objects.filter(session=session)
                       .values_list("participant_id", "round_number"))
        assert sorted(players) == sorted((pid, r) for pid in ids for r in range(1, rounds + 1)), label
    per_round = Counter({"1": 1, "2": 1, "3": 1})
    assert calls(session, "creating_session") == per_round
    assert committed(session, "creating_session") == per_round
    assert calls(session, "new_session") == Counter({"": 1})
    per_participant = Counter({p.name: 1 for p in people})
    assert calls(session, "new_player") == per_participant
    assert committed(session, "new_player") == per_participant
    assert session.vars["creating_session"] == 3
    assert session.vars["new_session"] == 1
    assert set(Participant.objects.filter(session=session).values_list("status", flat=True)) == {
        Participant.Status.PLAYING}
