"""Test helpers for entry rules: a SessionType with rules registered for one test, real
browsers' User-Agent headers, and a snapshot of everything an entry could create or change."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from participants.models import EntryRefusal, Participant
from sessions_core.experimenter import registry
from sessions_core.experimenter.session_types import SessionType, validate_session_types
from sessions_core.models import Session

# Real headers, as the browsers send them.
UA_DESKTOP = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
              "Gecko) Chrome/124.0.0.0 Safari/537.36")
UA_PHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1")
UA_TABLET = ("Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
             "Gecko) Version/16.6 Mobile/15E148 Safari/604.1")


@contextmanager
def session_type_with(app_sequence: tuple[str, ...] = ("questionnaire",),
                      **rules: Any) -> Iterator[str]:
    """Register a SessionType with these entry rules (checked as at start-up) for the block;
    yields its name."""
    name = f"rules_{uuid.uuid4().hex[:8]}"
    st = SessionType(name=name, app_sequence=list(app_sequence), **rules)
    known = {**registry._session_types}
    validate_session_types([*known.values(), st], source="test", known_apps=set(registry._apps))
    registry._session_types[name] = st
    try:
        yield name
    finally:
        registry._session_types.pop(name, None)


def snapshot() -> dict[str, Any]:
    """Everything an entry could create or change: sessions, participants and their state."""
    return {
        "sessions": sorted(Session.objects.values_list("pk", "num_participants")),
        "participants": sorted(Participant.objects.values_list(
            "pk", "label", "status", "claimed_at", "started_at", "vars", "environment")),
    }


def refusals() -> list[tuple[str, str]]:
    return list(EntryRefusal.objects.order_by("id").values_list("entry", "rule"))
