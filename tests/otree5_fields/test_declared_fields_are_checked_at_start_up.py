"""PARTICIPANT_FIELDS and SESSION_FIELDS are read from the SessionType module and the settings,
merged, and checked at start-up: a bad name stops it with a message that says where it is."""
from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest

from sessions_core.apps import load_declared_fields
from sessions_core.experimenter.declared import DeclaredFieldsError, declared

MODULE = "tests.otree5_fields.fake_session_types"


@pytest.fixture
def session_types_module(settings: Any) -> Iterator[types.ModuleType]:
    """A SessionType module of the test's making, named by the settings as a project's is."""
    module = types.ModuleType(MODULE)
    sys.modules[MODULE] = module
    settings.SESSION_TYPES_MODULE = MODULE
    yield module
    del sys.modules[MODULE]


def load(module: types.ModuleType, settings: Any, *, module_lists: dict[str, Any],
         settings_lists: dict[str, Any]) -> None:
    for name, value in module_lists.items():
        setattr(module, name, value)
    for name, value in settings_lists.items():
        setattr(settings, name, value)
    load_declared_fields()


def test_the_lists_of_both_places_are_merged(session_types_module: types.ModuleType,
                                             settings: Any) -> None:
    load(session_types_module, settings,
         module_lists={"PARTICIPANT_FIELDS": ["age", "treatment"], "SESSION_FIELDS": ["market"]},
         settings_lists={"PARTICIPANT_FIELDS": ["treatment", "language"]})
    assert declared().participant == ("age", "treatment", "language")
    assert declared().session == ("market",)


@pytest.mark.parametrize(("lists", "message"), [
    ({"PARTICIPANT_FIELDS": ["2nd"]},
     f"{MODULE}.PARTICIPANT_FIELDS: '2nd' is not a name: use letters, digits and underscores"),
    ({"PARTICIPANT_FIELDS": ["my-age"]}, "'my-age' is not a name"),
    ({"SESSION_FIELDS": ["class"]}, f"{MODULE}.SESSION_FIELDS: 'class' is not a name"),
    ({"PARTICIPANT_FIELDS": [3]}, "3 is not a name"),
    ({"PARTICIPANT_FIELDS": ["_secret"]}, "'_secret' starts with '_'"),
    ({"PARTICIPANT_FIELDS": ["payoff"]},
     "'payoff' is already an attribute of participant (or a column of its export); choose "
     "another name, e.g. participant.my_payoff"),
    ({"PARTICIPANT_FIELDS": ["vars"]}, "'vars' is already an attribute of participant"),
    ({"PARTICIPANT_FIELDS": ["current_app"]}, "'current_app' is already an attribute"),
    ({"SESSION_FIELDS": ["config"]}, "'config' is already an attribute of session"),
    ({"SESSION_FIELDS": ["get_participants"]}, "'get_participants' is already an attribute"),
    ({"SESSION_FIELDS": "market"},
     f"{MODULE}.SESSION_FIELDS must be a list of names, like ['market'], not 'market'"),
])
def test_a_bad_name_stops_start_up_with_a_message(session_types_module: types.ModuleType,
                                                  settings: Any,
                                                  lists: dict[str, Any], message: str) -> None:
    before = declared()
    with pytest.raises(DeclaredFieldsError) as error:
        load(session_types_module, settings, module_lists=lists, settings_lists={})
    assert message in str(error.value)
    assert declared() == before  # nothing half-set


def test_a_bad_name_in_the_settings_is_named_as_there(session_types_module: types.ModuleType,
                                                      settings: Any) -> None:
    with pytest.raises(DeclaredFieldsError, match=r"^settings\.PARTICIPANT_FIELDS: 'id' is "
                                                  r"already an attribute of participant"):
        load(session_types_module, settings, module_lists={},
             settings_lists={"PARTICIPANT_FIELDS": ["id"]})
