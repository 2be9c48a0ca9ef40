"""Valid answers for each page of the formcheck test app, and a way to reach a page."""
from __future__ import annotations

from typing import Any

from participants.models import Participant
from tests.conftest import page_name, post, visit

BASICS = {"number": "3", "flavour": "vanilla", "essay": "Hello", "price": "5", "likes_tea": "True"}


def valid_answers(participant: Participant) -> dict[str, dict[str, Any]]:
    floor = 10 * participant.id_in_session
    return {
        "Basics": BASICS,
        "Dynamic": {"bid": floor, "seat": 1 if participant.id_in_session == 1 else 7},
        "Rules": {"even": 4, "left": 3, "right": 7},
        "DictRules": {"low": 1, "high": 2},
    }


def reach(participant: Participant, target: str) -> None:
    """Answer every page before `target` validly, leaving the participant on `target`."""
    outcome = visit(participant)
    answers = valid_answers(participant)
    while page_name(outcome) != target:
        outcome = post(participant, answers[page_name(outcome)])
        assert not outcome.rejected, outcome.form.errors
