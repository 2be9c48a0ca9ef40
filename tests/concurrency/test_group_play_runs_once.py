"""Members of many groups landing on a group stage's page at the same moment start it once per
group: group_play runs once, one GroupStage row, one group deadline for all its members, both
for a page without a barrier (the first member to land starts it) and one that starts together
(the last arrival at its barrier starts it)."""
from __future__ import annotations

from collections import Counter

import pytest

from participants.models import Participant
from sessions_core.models import GroupStage
from tests.apps.cc_probe.probe import calls, committed
from tests.apps.cc_stages.models import Player
from tests.concurrency.participant_http import current_token, load, shows, submit_page
from tests.concurrency.threads import run_at_once
from tests.conftest import make_session, participants_of

PEOPLE = 50
GROUPS = [str(g) for g in range(1, PEOPLE // 5 + 1)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_landings_run_group_play_once_per_group() -> None:
    session = make_session("cc_stages", PEOPLE)
    people = participants_of(session)
    for participant in people:
        assert shows(load(participant), "arrive")

    token = current_token(people[0])
    responses = run_at_once(PEOPLE, lambda i: submit_page(people[i], token))

    assert all(shows(r, "loose") for r in responses)
    once = Counter({key: 1 for key in GROUPS})
    assert calls(session, "loose_started") == once, "group_play ran more than once"
    assert committed(session, "loose_started") == once
    deadlines: dict[str, set[object]] = {group: set() for group in GROUPS}
    stages = GroupStage.objects.filter(session=session)
    assert stages.count() == len(GROUPS)
    by_group = {str(s.group_key): s.deadline for s in stages}
    for participant in Participant.objects.filter(session=session):
        deadlines[participant_group(participant)].add(participant.timeout_at)
    assert all(found == {by_group[g]} for g, found in deadlines.items()), \
        "every member's page deadline is the group's"

    token = current_token(people[0])
    responses = run_at_once(PEOPLE, lambda i: submit_page(people[i], token))

    assert sum(shows(r, "together") for r in responses) == len(GROUPS)
    assert calls(session, "together_started") == once
    assert committed(session, "together_started") == once
    for participant in people:
        assert shows(load(participant), "together")
    assert calls(session, "together_started") == once


def participant_group(participant: Participant) -> str:
    return str(Player.objects.get(participant_id=participant.pk).group.id_in_subsession)
