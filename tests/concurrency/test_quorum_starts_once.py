"""Simultaneous arrivals at a session with a quorum (engine/quorum.py), on PostgreSQL: the
quorum is reached exactly once, the arrival that reaches it starts exactly the minimum (those
waiting in the lobby and itself), everyone after goes straight on, and nobody starts twice.

Every arrival is a thread with its own django.test.Client and database connection, loading its
participant link through Django's whole request path, all released together."""
from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.test import Client

from participants.models import Participant
from sessions_core.models import Session
from tests.concurrency.test_room_joins import run_together
from tests.conftest import make_session, participants_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

LOBBY = "Waiting for other participants"


@pytest.mark.parametrize("arrivals", [8, 12, 30])
def test_simultaneous_arrivals_reach_the_quorum_once_with_exactly_the_minimum(
        arrivals: int) -> None:
    session = make_session("quorum5", arrivals)
    slots = participants_of(session)

    pages = run_together(arrivals, lambda i: Client().get(
        f"/p/{session.name}/{slots[i].name}/").content.decode())

    stored = Session.objects.get(pk=session.pk)
    assert stored.quorum_reached_at is not None
    everyone = list(Participant.objects.filter(session=session))
    # All started, each once (new_player counts its runs).
    assert all(p.status == Participant.Status.PLAYING for p in everyone)
    assert all(p.vars["started_by_new_player"] == 1 for p in everyone)
    # Exactly the minimum waited in the lobby: the first four saw it, the fifth reached the
    # quorum (and started them in its transaction, at the instant it was reached); the rest
    # came after and went straight on.
    lobby = [p for p in everyone if p.quorum_arrived_at is not None]
    assert len(lobby) == 5
    assert all(p.quorum_arrived_at <= stored.quorum_reached_at for p in lobby)
    assert sum(LOBBY in page for page in pages) == 4
    assert sum("First page" in page for page in pages) == arrivals - 4
    assert all(p.started_at is not None for p in everyone)


def test_a_waiting_participant_whose_row_is_held_starts_by_their_own_next_request() -> None:
    """The arrival that reaches the quorum skips (SKIP LOCKED) a waiting participant whose row
    another transaction holds (their own request, waiting for the session's lock), rather than
    wait for it in a lock cycle; that request then finds the quorum reached and starts them."""
    session = make_session("quorum3", 3)
    first, second, third = participants_of(session)
    for waiting in (first, second):
        assert LOBBY in Client().get(f"/p/{session.name}/{waiting.name}/").content.decode()
    held = threading.Event()
    release = threading.Event()

    def hold_second() -> None:
        try:
            with transaction.atomic():
                Participant.objects.select_for_update().get(pk=second.pk)
                held.set()
                assert release.wait(timeout=60)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_second)
    holder.start()
    try:
        assert held.wait(timeout=60)
        assert "First page" in Client().get(f"/p/{session.name}/{third.name}/").content.decode()
        stored = {p.pk: p for p in Participant.objects.filter(session=session)}
        assert Session.objects.get(pk=session.pk).quorum_reached_at is not None
        assert stored[first.pk].status == stored[third.pk].status == Participant.Status.PLAYING
        assert stored[second.pk].status == Participant.Status.NEW  # skipped, not waited for
    finally:
        release.set()
        holder.join(timeout=60)
    assert "First page" in Client().get(f"/p/{session.name}/{second.name}/").content.decode()
    assert Participant.objects.get(pk=second.pk).vars["started_by_new_player"] == 1
