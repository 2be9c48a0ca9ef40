"""The bundled balanced_design demo: its bots play it (they check the balance of every stratum
themselves, after everyone is assigned), and what it records is in the data: each
participant's stratum and condition, the trials they saw, their ratings, their logged
records and their questionnaire answers."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from participants.models import ParticipantLog
from sessions_core.api import condition_counts
from sessions_core.conditions.services import condition_exclude_participant
from sessions_core.data.exports import export_stream
from sessions_core.engine.bot_runner import run_bots
from sessions_core.models import Session
from tests.data.conftest import content, csv_rows

pytestmark = pytest.mark.django_db


def played(n: int) -> Session:
    [result] = run_bots("balanced_design", n)
    assert result.ok, result.error
    return Session.objects.get(name=result.session_name)


@pytest.mark.parametrize("n", [4, 30])
def test_the_bots_play_it_and_every_stratum_is_balanced(n: int) -> None:
    session = played(n)
    counts = condition_counts(session)
    assert set(counts) == {"experienced", "new"}
    for cells in counts.values():
        numbers = [count for _condition, count in cells]
        assert len(numbers) == 4 and max(numbers) - min(numbers) <= 1
    # The bots answer "done before" for every third participant.
    assert sum(c for _, c in counts["experienced"]) == n // 3
    assert sum(c for _, c in counts["new"]) == n - n // 3


def test_two_sessions_stay_balanced_together() -> None:
    played(6)
    session = played(10)
    for cells in condition_counts(session).values():
        numbers = [count for _condition, count in cells]
        assert max(numbers) - min(numbers) <= 1


def test_a_participant_stratum_and_condition_trials_logs_and_answers_are_exported() -> None:
    session = played(4)
    _, rows = csv_rows(content(export_stream(sessions=[session], format="wide_csv")))
    for row in rows:
        experienced = int(row["participant.id_in_session"]) % 3 == 0
        assert row["participant.stratum"] == ("experienced" if experienced else "new")
        condition = json.loads(row["participant.condition"])
        assert set(condition) == {"instructions", "feedback"}
        assert row["participant.condition.instructions"] == condition["instructions"]
        shown = Counter((row[f"balanced_design.{r}.player.size"],
                         row[f"balanced_design.{r}.player.color"]) for r in range(1, 5))
        assert shown == Counter({("small", "red"): 1, ("small", "green"): 1,
                                 ("large", "red"): 1, ("large", "green"): 1})
        assert row["questionnaire.1.player.gender"] == "Female"
        assert row["participant.excluded"] == "0"
    _, logs = csv_rows(content(export_stream(sessions=[session], format="logs_csv")))
    assert Counter(r["name"] for r in logs) == {"assigned": 4, "trial": 16}
    assigned = [r for r in logs if r["name"] == "assigned"]
    assert all(r["page_name"] == "Experience" for r in assigned)
    assert ParticipantLog.objects.filter(session=session).count() == 20


def test_condition_counts_leaves_out_excluded_participants() -> None:
    """What the bots check counts as the balancing does: excluded participants stop counting,
    so excluding two of one cell shows that cell two behind (the bots' check would fail)."""
    session = played(8)
    before = condition_counts(session)["new"]  # 6 participants in 4 cells: 2, 2, 1, 1
    cell, count = max(before, key=lambda pair: pair[1])
    members = [p for p in session.participant_set.filter(stratum="new")
               if p.condition == cell][:2]
    assert len(members) == count == 2
    for participant in members:
        condition_exclude_participant(participant=participant, reason="test")
    after = dict((json.dumps(c, sort_keys=True), n) for c, n in condition_counts(session)["new"])
    assert after[json.dumps(cell, sort_keys=True)] == 0
    assert max(after.values()) - min(after.values()) == 2
