"""Showing and submitting a page costs the same queries in a small and a large session."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from experiments.public_goods.models import Player
from participants.models import Participant
from sessions_core.lifecycle.services import session_initialize
from tests.conftest import make_session, participants_of, url_of

CONTRIBUTE = {"_quorum_page": "0-1-0", "contribution": "10"}


def counted(request: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as queries:
        request()
    return len(queries)


def group_of(participant: Participant) -> list[Participant]:
    """The participant and then the other members of their round-1 group."""
    me = Player.objects.get(participant_id=participant.pk, round_number=1)
    others = Player.objects.filter(group_id=me.group_id).exclude(pk=me.pk)
    return [participant, *(Participant.objects.get(pk=p.participant_id) for p in others)]


def costs(size: int) -> dict[str, int]:
    """Queries of each kind of request, for the first group of a public goods session."""
    session = make_session("public_goods", size)
    session_initialize(session=session)
    first, second, last = group_of(participants_of(session)[0])
    client = Client()
    cost = {"enter": counted(lambda: client.get(url_of(first)))}
    cost["show"] = counted(lambda: client.get(url_of(first)))
    client.get(url_of(second))
    client.get(url_of(last))
    cost["submit_and_wait"] = counted(lambda: client.post(url_of(first), CONTRIBUTE))
    client.post(url_of(second), CONTRIBUTE)
    cost["submit_and_open"] = counted(lambda: client.post(url_of(last), CONTRIBUTE))
    cost["pass_open_wait_page"] = counted(lambda: client.get(url_of(first)))
    cost["show_results"] = counted(lambda: client.get(url_of(first)))
    assert "Your payoff this round" in client.get(url_of(first)).content.decode()
    return cost


@pytest.mark.django_db
def test_page_requests_cost_the_same_queries_for_6_and_60_participants() -> None:
    assert costs(6) == costs(60)


@pytest.mark.django_db
def test_page_requests_cost_a_few_queries_each() -> None:
    cost = costs(6)
    assert cost["show"] <= 6
    assert cost["show_results"] <= 6
    assert max(cost.values()) <= 24, cost
