"""Time under the tests' control: deadlines are fired at the moments a test names, never by
waiting for them."""
from __future__ import annotations

import time
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from participants.models import Participant
from sessions_core.engine.flow import app_at
from sessions_core.lifecycle.deadlines import DeadlineScheduler, Firing
from sessions_core.models import PageVisit
from tests.apps.timers import pages
from tests.conftest import fresh


def fire_at(moment: datetime) -> Firing:
    """A scheduler (a fresh one, as after a restart) passing over the deadlines at `moment`."""
    return DeadlineScheduler(clock=lambda: moment).run_once()


def later(seconds: float) -> datetime:
    return timezone.now() + timedelta(seconds=seconds)


def deadline_of(participant: Participant) -> datetime:
    at = fresh(participant).timeout_at
    assert at is not None, "the participant's page has no running timer"
    return at


def page_of(participant: Participant) -> str:
    """The name of the page the participant is on, as stored."""
    p = fresh(participant)
    if p.status != Participant.Status.PLAYING:
        return p.status
    return app_at(p).page_sequence[p.page_index].__name__


def timeouts_of(participant: Participant) -> list[str]:
    return list(PageVisit.objects.filter(participant_id=participant.pk, how=PageVisit.How.TIMEOUT)
                .order_by("id").values_list("page_name", flat=True))


def shift_app_clock(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """The test app reads time.time() for its participant.vars expiry: move it on too."""
    real = time.time
    monkeypatch.setattr(pages, "time", SimpleNamespace(time=lambda: real() + seconds))
