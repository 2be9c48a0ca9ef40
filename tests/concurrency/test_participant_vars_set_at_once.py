"""Many scripts setting different keys of one participant's vars at the same moment: every key
is kept, because participant_set_vars reads and writes under the participant's row lock."""
from __future__ import annotations

import pytest

from participants.models import Participant
from sessions_core.lifecycle.services import participant_set_vars
from tests.concurrency.threads import run_at_once
from tests.conftest import make_session, participants_of

CALLERS = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_vars_changes_keep_every_key() -> None:
    participant = participants_of(make_session("trust", 2))[0]

    run_at_once(CALLERS, lambda i: participant_set_vars(participant=participant,
                                                        values={f"key{i}": i}))

    assert Participant.objects.get(pk=participant.pk).vars == {f"key{i}": i for i in range(CALLERS)}
