"""Simultaneous first visits to a session-wide link (/join/<session_name>/) get distinct slots:
no slot is handed out twice, and no visitor is turned away while a slot is free.

Every visitor is a thread with its own django.test.Client and database connection, posting the
joining page's form through Django's whole request path, all released together (see
test_room_joins.run_together: at most as many hold a connection as PostgreSQL can spare).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from participants.models import Participant
from sessions_core.models import Session
from tests.concurrency.test_room_joins import run_together
from tests.conftest import make_session

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VISITORS = 50


@dataclass(frozen=True)
class Answer:
    status: int
    location: str


def first_visit(session_name: str, query: str = "") -> Answer:
    response = Client().post(f"/join/{session_name}/{query}")
    return Answer(response.status_code, response.get("Location", ""))


def handed_out(answers: list[Answer]) -> list[str]:
    return [a.location for a in answers if a.status == 302]


def assert_slots_are_those_claimed(session: Session, urls: list[str]) -> None:
    claimed = Participant.objects.filter(session=session, claimed_at__isnull=False)
    assert sorted(urls) == sorted(f"/p/{session.name}/{p.name}/" for p in claimed)


def test_50_first_visits_to_50_slots_get_50_distinct_slots() -> None:
    session = make_session("questionnaire", VISITORS)

    answers = run_together(VISITORS, lambda i: first_visit(session.name))

    urls = handed_out(answers)
    assert len(urls) == VISITORS and len(set(urls)) == VISITORS, Counter(a.status for a in answers)
    assert_slots_are_those_claimed(session, urls)


def test_50_first_visits_to_30_slots_fill_them_and_turn_20_away() -> None:
    session = make_session("questionnaire", 30)

    answers = run_together(VISITORS, lambda i: first_visit(session.name))

    urls = handed_out(answers)
    assert len(urls) == 30 and len(set(urls)) == 30
    assert Counter(a.status for a in answers if a.status != 302) == Counter({409: 20})
    assert_slots_are_those_claimed(session, urls)
    assert not Participant.objects.filter(session=session, claimed_at__isnull=True).exists()


def test_50_first_visits_with_panel_ids_each_get_a_slot_with_their_label() -> None:
    session = make_session("questionnaire", VISITORS)
    labels = [f"pid-{i:03d}" for i in range(VISITORS)]

    answers = run_together(VISITORS, lambda i: first_visit(
        session.name, f"?PROLIFIC_PID={labels[i]}&STUDY_ID=study-1"))

    urls = handed_out(answers)
    assert len(set(urls)) == VISITORS
    by_label = {p.label: p for p in Participant.objects.filter(session=session)}
    assert sorted(by_label) == labels
    assert all(p.vars["prolific"]["STUDY_ID"] == "study-1" for p in by_label.values())


def test_the_demo_page_s_session_wide_link_hands_out_distinct_slots() -> None:
    staff = Client()
    staff.force_login(get_user_model().objects.create_superuser("lab", "lab@example.org", "pw"))
    staff.post("/", {"session_type": "public_goods"})
    session = Session.objects.get(label="demo")

    answers = run_together(VISITORS, lambda i: first_visit(session.name))

    urls = handed_out(answers)
    assert len(urls) == session.num_participants == 3 and len(set(urls)) == 3
    assert_slots_are_those_claimed(session, urls)
