"""Factories shared by the conditions tests."""
from __future__ import annotations

from collections import Counter
from typing import Any

from participants.models import Participant
from sessions_core.conditions.models import ConditionAssignment
from sessions_core.conditions.services import cell_key
from sessions_core.engine.visit import participant_visit
from sessions_core.models import Session
from tests.conftest import make_session, participants_of, post, visit


def shown(participant: Participant) -> str:
    """What the Show page prints of the condition: "near/red"."""
    html = participant_visit(pk=participant.pk).html
    return html.split('id="condition">', 1)[1].split("<", 1)[0]

CELLS = [cell_key({"depth": d, "color": c}) for d in ("near", "far") for c in ("red", "blue")]


def started(session_type: str, n: int = 2, **kwargs: Any) -> list[Participant]:
    """A session whose participants have all loaded their first page."""
    session = make_session(session_type, n, **kwargs)
    everyone = participants_of(session)
    for participant in everyone:
        visit(participant)
    return everyone


def answered(participant: Participant, answer: str) -> str:
    """The pre-questionnaire answered, and Show rendered (it reads the condition): what it
    printed."""
    post(participant, {"answer": answer})
    return shown(participant)


def cell_counts(session_type: str, **filters: Any) -> Counter[str]:
    rows = ConditionAssignment.objects.filter(session_type=session_type, **filters)
    found = Counter(rows.values_list("cell", flat=True))
    return Counter({cell: found.get(cell, 0) for cell in CELLS})


def spread(counts: Counter[str]) -> int:
    return max(counts.values()) - min(counts.values())


def stored(participant: Participant) -> Any:
    return Participant.objects.values_list("condition", flat=True).get(pk=participant.pk)


def stored_session(session: Session) -> Any:
    return Session.objects.values_list("condition", flat=True).get(pk=session.pk)
