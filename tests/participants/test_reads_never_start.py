"""Reads never start a participant: the waiting page's poll (and its socket, see
test_participant_socket.py) report the position without entering the session, so a link
previewer or a stale tab never runs new_player or initializes the session."""
from __future__ import annotations

import pytest
from django.test import Client

from participants.models import Participant
from tests.conftest import fresh, make_session, participants_of, post, url_of, visit

pytestmark = pytest.mark.django_db


def test_a_poll_of_a_new_participant_starts_nothing(client: Client) -> None:
    participant = participants_of(make_session("trust", 2))[0]
    response = client.get(f"{url_of(participant)}state/")
    assert response.status_code == 200
    assert response.json() == {"status": "new", "position": "0-1-0"}
    stored = fresh(participant)
    assert stored.status == Participant.Status.NEW and stored.started_at is None
    assert not stored.session.initialized


def test_a_poll_passes_a_wait_page_that_has_opened(client: Client) -> None:
    trustor, trustee = participants_of(make_session("trust", 2))
    visit(trustor)
    visit(trustee)  # waits on SendBackWaitPage for the trustor
    assert client.get(f"{url_of(trustee)}state/").json()["position"] == "0-1-1"
    post(trustor, {"sent_amount": 40})
    assert client.get(f"{url_of(trustee)}state/").json() == {"status": "playing",
                                                              "position": "0-1-2"}
