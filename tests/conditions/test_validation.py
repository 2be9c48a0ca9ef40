"""A SessionType whose conditions cannot work stops start-up with one clear message each."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from sessions_core.experimenter.session_types import (
    SessionType,
    SessionTypeError,
    validate_session_types,
)

TWO = {"depth": ["near", "far"]}


def check(**arguments: Any) -> None:
    st = SessionType(name="study", app_sequence=["app"], **arguments)
    validate_session_types([st], source="sessions.py", known_apps={"app"})


def refused(**arguments: Any) -> str:
    with pytest.raises(SessionTypeError) as caught:
        check(**arguments)
    message = str(caught.value)
    assert message.startswith("sessions.py: SessionType 'study': ")
    return message.split(": ", 2)[2]


def test_a_valid_design_with_every_argument_is_accepted() -> None:
    check(conditions={"depth": ["near", "far"], "color": ["red", "blue"], "n": [1, 2, 2.5]},
          condition_unit="participant", condition_stratum=lambda p: "a",
          condition_overrides={"depth": "near", "n": 2.5},
          condition_expires_after_seconds=600)
    check(conditions=TWO, condition_unit="group")
    check(conditions=TWO, condition_unit="session")
    check()  # no conditions at all


def test_an_unknown_unit() -> None:
    assert refused(conditions=TWO, condition_unit="pair") == (
        "condition_unit must be one of 'participant', 'group', 'session', not 'pair'")


@pytest.mark.parametrize("conditions", [{}, ["depth"], "depth"])
def test_conditions_that_are_not_a_dict_of_variables(conditions: Any) -> None:
    assert refused(conditions=conditions) == (
        "conditions must be a non-empty dict of variable names to lists of values, like "
        "{'depth': ['near', 'far']}")


def test_an_empty_value_list() -> None:
    assert refused(conditions={"depth": []}) == (
        "conditions['depth'] must be a non-empty list of values, not []")


def test_values_that_are_not_a_list() -> None:
    assert refused(conditions={"depth": ("near", "far")}) == (
        "conditions['depth'] must be a non-empty list of values, not ('near', 'far')")


def test_a_duplicate_value() -> None:
    assert refused(conditions={"depth": ["near", "far", "near"]}) == (
        "conditions['depth'] lists the value 'near' twice")


def test_one_and_true_are_different_values_but_one_twice_is_not() -> None:
    check(conditions={"flag": [1, True]})
    assert refused(conditions={"n": [1, 2, 1]}) == "conditions['n'] lists the value 1 twice"


def test_a_value_json_cannot_hold() -> None:
    message = refused(conditions={"price": [Decimal("1.5"), 2]})
    assert message.startswith("conditions['price'] value Decimal('1.5') is a Decimal")
    assert "they must be text, numbers, true/false, None" in message
    assert refused(conditions={"x": [float("nan")]}) == (
        "conditions['x'] value nan is nan, which JSON cannot hold")


def test_a_variable_name_that_is_not_a_name() -> None:
    assert refused(conditions={"my depth": ["a"]}) == (
        "condition variable 'my depth': names are letters, digits and underscores, starting "
        "with a letter")


def test_an_override_naming_an_unknown_variable() -> None:
    assert refused(conditions=TWO, condition_overrides={"colour": "red"}) == (
        "condition_overrides names the variable 'colour', which conditions does not have "
        "(it has: 'depth')")


def test_an_override_naming_an_unknown_value() -> None:
    assert refused(conditions=TWO, condition_overrides={"depth": "middle"}) == (
        "condition_overrides['depth'] is 'middle', which is not one of its values "
        "['near', 'far']")


def test_an_override_that_is_not_a_dict() -> None:
    assert refused(conditions=TWO, condition_overrides=["near"]) == (
        "condition_overrides must be a dict like {'depth': 'near'}, not ['near']")


def test_a_stratum_that_is_not_callable() -> None:
    assert refused(conditions=TWO, condition_stratum="age") == (
        "condition_stratum must be a function of the participant returning a text, not 'age'")


def test_a_stratum_with_a_group_unit() -> None:
    assert refused(conditions=TWO, condition_unit="group", condition_stratum=lambda p: "a") == (
        "condition_stratum needs condition_unit='participant' (a stratum is a function of one "
        "participant), not 'group'")


def test_a_stratum_or_overrides_without_conditions() -> None:
    expected = "condition_stratum and condition_overrides need conditions={...} too"
    assert refused(condition_stratum=lambda p: "a") == expected
    assert refused(condition_overrides={"depth": "near"}) == expected


@pytest.mark.parametrize("seconds", [0, -5, "60", True, float("inf")])
def test_an_expiry_that_is_not_a_positive_number_of_seconds(seconds: Any) -> None:
    assert refused(conditions=TWO, condition_expires_after_seconds=seconds) == (
        "config key 'condition_expires_after_seconds' must be a number of seconds > 0 (or "
        f"None: units in progress never expire by time), not {seconds!r}")


def test_text_postgresql_json_cannot_hold() -> None:
    assert refused(conditions={"depth": ["near\x00", "far"]}) == (
        "conditions['depth'] value 'near\\x00': text may not contain the character U+0000 or "
        "half of a UTF-16 surrogate pair (PostgreSQL's JSON cannot hold them)")
