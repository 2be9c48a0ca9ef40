"""participant_set_vars: sets the given keys of participant.vars and keeps the others; a change
larger than MAX_VARS_CHANGE_BYTES is refused and changes nothing."""
from __future__ import annotations

import pytest

from participants.models import Participant
from sessions_core.errors import InvalidRequest
from sessions_core.lifecycle.services import MAX_VARS_CHANGE_BYTES, participant_set_vars
from tests.conftest import make_session, participants_of


def test_sets_keys_and_keeps_the_others(db: None) -> None:
    participant = participants_of(make_session("trust", 2))[0]
    Participant.objects.filter(pk=participant.pk).update(vars={"kept": 1, "changed": 1})
    stored = participant_set_vars(participant=participant, values={"changed": 2, "new": None})
    assert stored == {"kept": 1, "changed": 2, "new": None}
    assert Participant.objects.get(pk=participant.pk).vars == stored


def test_a_change_too_large_is_refused_and_changes_nothing(db: None) -> None:
    participant = participants_of(make_session("trust", 2))[0]
    with pytest.raises(InvalidRequest, match="at most") as refused:
        participant_set_vars(participant=participant, values={"x": "y" * MAX_VARS_CHANGE_BYTES})
    assert refused.value.field == "vars"
    assert Participant.objects.get(pk=participant.pk).vars == {}


@pytest.mark.parametrize("values", [{"a": "x\x00y"}, {"a\x00": 1}, {"a": ["\ud800"]},
                                    {"a": {"b": {"\udfff": 1}}}])
def test_text_postgresql_cannot_store_is_refused_on_every_database(db: None,
                                                                    values: dict) -> None:
    participant = participants_of(make_session("trust", 2))[0]
    with pytest.raises(InvalidRequest, match="may not contain") as refused:
        participant_set_vars(participant=participant, values=values)
    assert refused.value.field == "vars"
    assert Participant.objects.get(pk=participant.pk).vars == {}


def test_characters_beyond_the_basic_plane_are_kept(db: None) -> None:
    participant = participants_of(make_session("trust", 2))[0]
    stored = participant_set_vars(participant=participant, values={"emoji": "\U0001F600"})
    assert Participant.objects.get(pk=participant.pk).vars == stored == {"emoji": "\U0001F600"}
