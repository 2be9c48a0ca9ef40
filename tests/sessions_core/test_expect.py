"""expect(a, b) is equality; expect(a, op, b) takes ==, !=, <, <=, >, >=, in, not in."""
from __future__ import annotations

from typing import Any

import pytest

from sessions_core.api import c, expect
from sessions_core.experimenter.bots import BotError


@pytest.mark.parametrize(("a", "op", "b"), [
    (1, "==", 1), (1, "!=", 2), (1, "<", 2), (2, "<=", 2), (3, ">", 2), (2, ">=", 2),
    ("a", "in", "abc"), (4, "not in", [1, 2]), (c(10), "==", 10), (c(10), "<", 10.5),
])
def test_holding_expectations_pass(a: Any, op: str, b: Any) -> None:
    expect(a, op, b)


@pytest.mark.parametrize(("a", "op", "b"), [
    (1, "==", 2), (1, "!=", 1), (2, "<", 2), (3, "<=", 2), (2, ">", 2), (1, ">=", 2),
    ("z", "in", "abc"), (1, "not in", [1, 2]),
])
def test_failing_expectations_raise_with_both_values(a: Any, op: str, b: Any) -> None:
    with pytest.raises(BotError) as error:
        expect(a, op, b)
    assert str(error.value) == f"expected {a!r} {op} {b!r}"


def test_two_arguments_mean_equality() -> None:
    expect(c(5), 5)
    with pytest.raises(BotError, match="expected 5 == 6"):
        expect(5, 6)


def test_an_unknown_operator_is_refused() -> None:
    with pytest.raises(TypeError, match="expect: unknown operator '=~'"):
        expect(1, "=~", 1)


def test_wrong_number_of_arguments_is_refused() -> None:
    with pytest.raises(TypeError, match=r"expect takes \(a, b\) or \(a, op, b\)"):
        expect(1)  # type: ignore[call-arg]
