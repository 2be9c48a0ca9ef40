"""Participants past their lobby timeout reload while others arrive at the same lobby, all at
once over HTTP: the due ones are released and grouped with nobody, the others form groups."""
from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from participants.models import Participant
from sessions_core.engine import lobby
from sessions_core.lifecycle.services import session_initialize
from sessions_core.models import WaitArrival, WaitCompletion
from tests.apps.lobby import models as lobby_app
from tests.concurrency.participant_http import current_token, load, shows, submit_page
from tests.concurrency.threads import run_at_once
from tests.conftest import make_session, participants_of

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DUE, ARRIVING = 3, 21  # groups of 4: five form from the arrivals, one of them waits


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_due_participants_are_released_and_never_grouped_while_others_arrive(
        monkeypatch: pytest.MonkeyPatch) -> None:
    moment = [START]
    monkeypatch.setattr(lobby, "now", lambda: moment[0])
    session = make_session("lobby", DUE + ARRIVING)
    session_initialize(session=session)
    everyone = participants_of(session)
    for participant in everyone:
        assert shows(load(participant), "form")
    token = current_token(everyone[0])
    due, arriving = everyone[:DUE], everyone[DUE:]
    for participant in due:
        assert shows(submit_page(participant, token), "quorum-wait")
    moment[0] = START + timedelta(seconds=60)

    def act(i: int) -> object:
        if i < DUE:
            return load(due[i])
        return submit_page(arriving[i - DUE], token)

    responses = run_at_once(DUE + ARRIVING, act)

    assert all(r.status_code == 200 for r in responses)
    assert all(b'id="released"' in r.content for r in responses[:DUE])
    released = set(Participant.objects.filter(session=session, released_at__isnull=False)
                   .values_list("pk", flat=True))
    assert released == {p.pk for p in due}
    grouped = set(WaitArrival.objects.filter(session=session, grouped=True)
                  .values_list("participant_id", flat=True))
    assert not grouped & released
    assert len(grouped) == 20
    members = Counter(lobby_app.Player.objects.filter(participant_id__in=grouped)
                      .values_list("group_id", flat=True))
    assert sorted(members.values()) == [4] * 5
    assert WaitCompletion.objects.filter(session=session).count() == 5
    assert WaitArrival.objects.filter(session=session, grouped=False).count() == 1
