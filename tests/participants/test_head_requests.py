"""HEAD on a participant link answers as GET would, without a body, and changes nothing: a link
previewer or an uptime check never starts the participant or initializes the session."""
from __future__ import annotations

import pytest
from django.test import Client

from participants.models import Participant
from tests.asgi import asgi_request
from tests.conftest import fresh, make_session, participants_of, url_of, visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_head_on_a_new_participant_link_answers_like_get_and_starts_nothing() -> None:
    first = participants_of(make_session("trust", 2))[0]
    reply = asgi_request("HEAD", url_of(first))
    assert reply.status == 200
    assert reply.headers["content-type"] == "text/html; charset=utf-8"
    assert reply.body == b""
    # A length it does not know is left out, never given as 0 (RFC 9110, 9.3.2).
    assert "content-length" not in reply.headers
    stored = fresh(first)
    assert stored.status == Participant.Status.NEW and stored.started_at is None
    assert not stored.session.initialized
    get = Client().get(url_of(first))
    assert get.status_code == reply.status and get["Content-Type"] == reply.headers["content-type"]


def test_head_on_a_started_participant_does_not_move_them() -> None:
    first = participants_of(make_session("trust", 2))[0]
    visit(first)
    before = fresh(first).position
    assert asgi_request("HEAD", url_of(first)).status == 200
    assert fresh(first).position == before


def test_head_on_an_unknown_link_is_a_404_with_the_pages_length() -> None:
    session = make_session("trust", 2)
    get = Client().get(f"/p/{session.name}/nosuchone/")
    reply = asgi_request("HEAD", f"/p/{session.name}/nosuchone/")
    assert reply.status == get.status_code == 404
    assert reply.body == b""
    assert reply.headers["content-length"] == str(len(get.content))
