"""A page's timeout firing and the participant's own submission of that page at the same
moment make one submission: whichever takes the participant's row second finds the page left."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from participants.models import Participant
from sessions_core.models import PageVisit
from tests.concurrency.participant_http import current_token, load, submit_page
from tests.concurrency.threads import run_at_once
from tests.conftest import make_session, participants_of, player_of
from tests.timers.helpers import fire_at

PAIRS = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_timeout_and_a_simultaneous_submit_make_one_submission() -> None:
    session = make_session("timers", 2 * PAIRS)
    people = participants_of(session)
    for p in people:
        load(p)
    tokens = {p.pk: current_token(p) for p in people}
    # Every page's deadline has just passed.
    Participant.objects.filter(session=session).update(
        timeout_at=timezone.now() - timedelta(seconds=1))
    moment = timezone.now()

    def act(i: int) -> object:
        if i < len(people):
            p = people[i]
            return submit_page(p, tokens[p.pk], {"number": 4, "flag": "True", "note": "",
                                                 "amount": 2, "share": 1, "remark": "x",
                                                 "level": 4})
        return fire_at(moment)

    run_at_once(len(people) + 2, act)  # each participant's post, and two scheduler passes

    for p in people:
        visits = PageVisit.objects.filter(participant_id=p.pk, page_name="Choose")
        assert visits.count() == 1, f"participant {p.id_in_session} left Choose twice"
        player = player_of(p)
        assert player.submissions == 1
        timed_out = visits.get().how == PageVisit.How.TIMEOUT
        assert player.choose_timed_out is timed_out
        assert player.number == (7 if timed_out else 4)
        assert Participant.objects.get(pk=p.pk).page_index == 1
