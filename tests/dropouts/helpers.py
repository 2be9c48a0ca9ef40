"""Time under the tests' control for dropouts: presence's clock (heartbeats) and the
scheduler's (its passes) move together, by hand, never by waiting."""
from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from asgiref.sync import async_to_sync
from django.utils import timezone

import sessions_core.web.presence
from participants.models import Participant
from sessions_core.lifecycle.deadlines import DeadlineScheduler
from sessions_core.lifecycle.dropouts import DropoutPass
from sessions_core.web.presence import participant_presence
from tests.conftest import fresh


class Clock:
    """Seconds since the test's time 0, a few seconds after the clock was made (so after the
    test's participants started): presence reads them as its time.time()."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.start = timezone.now() + timedelta(seconds=5)
        self.seconds = 0.0
        monkeypatch.setattr(sessions_core.web.presence, "time",
                            SimpleNamespace(time=lambda: self.start.timestamp() + self.seconds))

    def at(self, seconds: float) -> datetime:
        self.seconds = seconds
        return self.start + timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def heartbeat(participant: Participant) -> None:
    """What a page's heartbeat does on the server (participants/consumers.py): touch presence."""
    async_to_sync(participant_presence().touch)(participant.session.name, f"page-{participant.pk}",
                                                str(participant.pk))


def server_pass(moment: datetime) -> DropoutPass:
    """One pass of a server process's scheduler at `moment`: dropouts, then due deadlines."""
    scheduler = DeadlineScheduler(clock=lambda: moment)
    checked = scheduler.check_dropouts()
    scheduler.run_once()
    return checked


def at_second(clock: Clock, seconds: float, *alive: Participant) -> DropoutPass:
    """At `seconds`: the pages of `alive` send a heartbeat, then the server makes its pass."""
    moment = clock.at(seconds)
    for participant in alive:
        heartbeat(participant)
    return server_pass(moment)


def dropped(participant: Participant) -> bool:
    return fresh(participant).dropped_out_at is not None
