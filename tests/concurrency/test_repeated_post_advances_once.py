"""The same page posted many times at once by one participant moves them on exactly once."""
from __future__ import annotations

import pytest

from participants.models import Participant
from sessions_core.experimenter.registry import experiment_app
from tests.apps.cc_probe.probe import calls, committed
from tests.concurrency.participant_http import current_token, load, shows, submit_page
from tests.concurrency.threads import run_at_once
from tests.conftest import make_session, participants_of

COPIES = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_posts_of_one_page_advance_the_participant_once() -> None:
    session = make_session("cc_form", 1)
    [participant] = participants_of(session)
    assert shows(load(participant), "id_choice")
    token = current_token(participant)

    # Each copy carries a different answer, so we can tell which one was taken.
    responses = run_at_once(COPIES, lambda i: submit_page(participant, token, {"choice": i + 1}))

    assert all(shows(r, "second") for r in responses), "every copy shows the page after Decide"
    participant.refresh_from_db()
    assert (participant.app_index, participant.round_number, participant.page_index) == (0, 1, 1)
    [(taken, runs)] = committed(session, "decided").items()
    assert runs == 1
    assert calls(session, "decided") == committed(session, "decided")
    player = experiment_app("cc_form").Player.objects.get(participant_id=participant.pk)
    assert player.choice == int(taken)
    session.refresh_from_db()
    assert session.vars["decided"] == 1
    assert Participant.objects.get(pk=participant.pk).page_index == 1
