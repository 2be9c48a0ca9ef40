"""Conditions are in the data: the wide CSV has the condition (as JSON and one column per
variable) and the stratum of each participant, the session's condition, and the JSON the same."""
from __future__ import annotations

import json

import pytest

from participants.models import Participant
from sessions_core.data.exports import export_stream
from sessions_core.models import Session
from tests.conditions.helpers import answered, started, stored, stored_session
from tests.data.conftest import content, exported_csv

pytestmark = pytest.mark.django_db


def fresh_session(participant: Participant) -> Session:
    """The session as an export loads it (the participant's copy predates its start)."""
    return Session.objects.get(pk=participant.session_id)


def test_the_wide_csv_has_each_participants_condition_and_stratum() -> None:
    everyone = started("cond_stratum", 2)
    answered(everyone[0], "young")
    answered(everyone[1], "old")

    header, rows = exported_csv([fresh_session(everyone[0])], "wide_csv")

    assert {"participant.condition", "participant.condition.depth",
            "participant.condition.color", "participant.stratum"} <= set(header)
    for participant, row in zip(everyone, rows, strict=True):
        condition = stored(participant)
        assert json.loads(row["participant.condition"]) == condition
        assert row["participant.condition.depth"] == condition["depth"]
        assert row["participant.condition.color"] == condition["color"]
    assert [row["participant.stratum"] for row in rows] == ["young", "old"]


def test_a_session_units_condition_is_each_participants_and_the_sessions() -> None:
    everyone = started("cond_session", 2)
    condition = stored_session(everyone[0].session)

    _, rows = exported_csv([fresh_session(everyone[0])], "wide_csv")

    assert [json.loads(r["participant.condition"]) for r in rows] == [condition, condition]
    assert {json.loads(r["session.condition"]) == condition for r in rows} == {True}


def test_a_group_units_condition_is_each_members() -> None:
    everyone = started("cond_group", 4)
    for participant in everyone:
        answered(participant, "x")  # Show reads group.condition

    _, rows = exported_csv([fresh_session(everyone[0])], "wide_csv")

    by_group = [json.loads(r["participant.condition"]) for r in rows]
    assert by_group[0] == by_group[1] and by_group[2] == by_group[3]
    assert rows[0]["participant.condition.depth"] == by_group[0]["depth"]


def test_the_json_export_has_the_condition_and_stratum() -> None:
    everyone = started("cond_stratum", 2)
    answered(everyone[0], "young")

    data = json.loads(content(export_stream(sessions=[fresh_session(everyone[0])], format="json")))

    first, second = data["sessions"][0]["participants"]
    assert first["condition"] == stored(everyone[0]) and first["stratum"] == "young"
    assert second["condition"] is None and second["stratum"] is None
