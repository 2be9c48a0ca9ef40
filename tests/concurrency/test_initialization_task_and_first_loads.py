"""The initialization task and first page loads arriving together initialize a session once:
whichever takes the session's row lock first does it, the others find it done."""
from __future__ import annotations

from collections import Counter

import pytest

from sessions_core.lifecycle.tasks import session_initialize_task
from tests.apps.cc_probe.probe import calls, committed
from tests.concurrency.participant_http import load, shows
from tests.concurrency.threads import run_at_once
from tests.conftest import make_session, participants_of

PEOPLE = 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_task_and_first_loads_together_initialize_once() -> None:
    session = make_session("cc_init", PEOPLE)
    people = participants_of(session)

    def act(index: int) -> object:
        return session_initialize_task.run(session.pk) if index == 0 else load(people[index - 1])

    results = run_at_once(PEOPLE + 1, act)

    assert all(shows(response, "start") for response in results[1:])
    session.refresh_from_db()
    assert session.initialized
    assert calls(session, "creating_session") == Counter({"1": 1, "2": 1, "3": 1})
    assert committed(session, "creating_session") == Counter({"1": 1, "2": 1, "3": 1})
    assert calls(session, "new_session") == Counter({"": 1})
