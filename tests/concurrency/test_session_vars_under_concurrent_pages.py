"""session.vars written by many participants' pages at the same moment keeps every write.

DESIGN.md section 4: "Changes to participant.vars and session.vars persist from anywhere". The
first read of session.vars in a request locks the session row and reloads it (idmap.VarsField),
so concurrent read-modify-writes from before_next_page take turns and none is lost.
"""
from __future__ import annotations

import pytest

from tests.apps.cc_probe.probe import committed
from tests.concurrency.participant_http import current_token, load, shows, submit_page
from tests.concurrency.threads import run_at_once
from tests.conftest import make_session, participants_of

PEOPLE = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_before_next_page_hooks_keep_every_session_vars_update() -> None:
    session = make_session("cc_form", PEOPLE)
    people = participants_of(session)
    for participant in people:
        assert shows(load(participant), "id_choice")
    token = current_token(people[0])

    responses = run_at_once(PEOPLE, lambda i: submit_page(people[i], token, {"choice": i}))

    assert all(shows(r, "second") for r in responses)
    assert sum(committed(session, "decided").values()) == PEOPLE
    session.refresh_from_db()
    assert session.vars["decided"] == PEOPLE
