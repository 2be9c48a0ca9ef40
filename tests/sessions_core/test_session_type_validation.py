"""A broken SESSION_TYPES stops start-up with one message: file, SessionType and problem."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sessions_core.experimenter.session_types import (
    SessionType,
    SessionTypeError,
    load_session_types,
    validate_session_types,
)

SOURCE = "experiments/sessions.py"
APPS = {"trust", "ultimatum", "questionnaire"}


def problem_with(*types: SessionType) -> str:
    with pytest.raises(SessionTypeError) as error:
        validate_session_types(list(types), source=SOURCE, known_apps=APPS)
    return str(error.value)


def session_type(name: str = "lab", **kwargs: Any) -> SessionType:
    kwargs.setdefault("app_sequence", ["trust", "questionnaire"])
    return SessionType(name=name, **kwargs)


def test_valid_types_are_returned_by_name() -> None:
    found = validate_session_types([session_type("a"), session_type("b", fixed_pay=1000)],
                                   source=SOURCE, known_apps=APPS)
    assert list(found) == ["a", "b"]
    assert found["b"].fixed_pay == 1000


def test_unknown_app() -> None:
    assert problem_with(session_type(app_sequence=["trust", "trsut"])) == (
        "experiments/sessions.py: SessionType 'lab': unknown app 'trsut' in app_sequence "
        "(known apps: questionnaire, trust, ultimatum)")


def test_duplicate_name() -> None:
    assert problem_with(session_type("lab"), session_type("online"), session_type("lab")) == (
        "experiments/sessions.py: SessionType 'lab': the name is used by another SessionType too")


def test_app_listed_twice() -> None:
    assert problem_with(session_type(app_sequence=["trust", "questionnaire", "trust"])) == (
        "experiments/sessions.py: SessionType 'lab': app 'trust' is listed twice in app_sequence")


@pytest.mark.parametrize("fixed_pay", [-1, 10.5, "1000", True, None])
def test_bad_fixed_pay(fixed_pay: Any) -> None:
    assert problem_with(session_type(fixed_pay=fixed_pay)) == (
        "experiments/sessions.py: SessionType 'lab': fixed_pay must be a whole number of minor "
        f"units >= 0 (1000 = 10.00), not {fixed_pay!r}")


@pytest.mark.parametrize("rate", ["-0.01", "one cent", None, "nan", float("nan"), "inf"])
def test_bad_rate(rate: Any) -> None:
    assert problem_with(session_type(real_world_currency_per_point=rate)) == (
        "experiments/sessions.py: SessionType 'lab': real_world_currency_per_point must be a "
        f"number >= 0, not {rate!r}")


def test_zero_rate_is_allowed() -> None:
    found = validate_session_types([session_type(real_world_currency_per_point="0")],
                                   source=SOURCE, known_apps=APPS)
    assert "lab" in found


def test_reserved_key() -> None:
    # oTree's participation_fee would be stored and never paid: Quorum pays fixed_pay.
    assert problem_with(session_type(participation_fee=10.0)) == (
        "experiments/sessions.py: SessionType 'lab': config key 'participation_fee' is reserved; "
        "Quorum pays fixed_pay, in minor units (1000 = 10.00)")


def test_bad_name() -> None:
    assert problem_with(session_type("my session")) == (
        "experiments/sessions.py: SessionType 'my session': name must be letters, digits and "
        "underscores, starting with a letter")


def test_empty_app_sequence() -> None:
    assert problem_with(session_type(app_sequence=[])) == (
        "experiments/sessions.py: SessionType 'lab': app_sequence must be a non-empty list of "
        "app names")


def test_not_a_session_type() -> None:
    assert problem_with(session_type(), {"name": "dict"}) == (  # type: ignore[arg-type]
        "experiments/sessions.py: entry 2 of SESSION_TYPES is dict, not SessionType")


def test_the_first_problem_is_the_one_reported() -> None:
    message = problem_with(session_type("ok"), session_type("bad", fixed_pay=-5),
                           session_type("worse", app_sequence=["nope"]))
    assert "'bad'" in message and "'worse'" not in message


def test_loading_a_module_names_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = tmp_path / "broken_sessions.py"
    module.write_text(
        "from sessions_core.experimenter.session_types import SessionType\n"
        "SESSION_TYPES = [SessionType(name='pilot', app_sequence=['trust'], fixed_pay=-100)]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(SessionTypeError) as error:
        load_session_types("broken_sessions", APPS)
    assert str(error.value).startswith(f"{module}: SessionType 'pilot': fixed_pay must be")


def test_a_decimal_config_default_is_refused_at_start_up() -> None:
    # session.config is a JSON column: a Decimal default made every session_create a 500.
    from decimal import Decimal

    assert problem_with(session_type(endowment=Decimal("1.5"))) == (
        "experiments/sessions.py: SessionType 'lab': config key 'endowment' is a Decimal, "
        "Decimal('1.5'): config values are kept as JSON, so they must be text, numbers, "
        "true/false, None, or lists and dicts of them (write '1.5' or 1.5)")


@pytest.mark.parametrize(("value", "where"), [
    ({"rates": [1, {2, 3}]}, "config key 'shape'['rates'][1] is a set"),
    ({1: "a"}, "config key 'shape' has the key 1: keys of a config dict must be text"),
    (float("inf"), "config key 'shape' is inf, which JSON cannot hold"),
    ((1, 2), "config key 'shape' is a tuple"),
])
def test_config_defaults_must_be_json_values(value: Any, where: str) -> None:
    assert f"SessionType 'lab': {where}" in problem_with(session_type(shape=value))


def test_json_config_defaults_are_accepted() -> None:
    found = validate_session_types(
        [session_type(a=1, b=2.5, c="x", d=True, e=None, f=[1, "y", {"k": [False]}])],
        source=SOURCE, known_apps=APPS)
    assert found["lab"].config["f"] == [1, "y", {"k": [False]}]
